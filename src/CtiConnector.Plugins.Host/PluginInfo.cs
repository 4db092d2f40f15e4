namespace CtiConnector.Plugins.Host;

/// <summary>
/// One discovered plugin as <c>GET /v1/plugins</c> and <c>cti plugins</c> show it, e.g.
/// <code>{ "id": "Webhook", "name": "Webhook CRM", "version": "1.0.0", "state": "loaded", "reason": null,
///   "capabilities": ["lookup", "journal"], "directory": "/opt/cti/plugins/Webhook" }</code>
/// </summary>
/// <param name="Id">The manifest id (or the folder name when the manifest could not be read).</param>
/// <param name="Name">The manifest name, or the id.</param>
/// <param name="Version">The plugin's own version, or empty.</param>
/// <param name="State">Whether it is in use.</param>
/// <param name="Reason">Why it is disabled or failed, in words; null when loaded.</param>
/// <param name="Capabilities">Capabilities it implements: <c>lookup</c>, <c>search</c>, <c>journal</c>, <c>link</c>.</param>
/// <param name="Directory">The folder it was found in.</param>
public sealed record PluginInfo(
    string Id,
    string Name,
    string Version,
    PluginState State,
    string? Reason,
    IReadOnlyList<string> Capabilities,
    string Directory)
{
    /// <summary><see cref="State"/> as the API writes it.</summary>
    public string StateName => State switch
    {
        PluginState.Loaded => "loaded",
        PluginState.Disabled => "disabled",
        _ => "failed",
    };
}
