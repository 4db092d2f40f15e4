namespace CtiConnector.Api.Plugins;

/// <summary>The CRM plugins the agent found, for <c>GET /v1/plugins</c> and the pipe's <c>plugins</c> command.</summary>
public interface IPluginCatalog
{
    IReadOnlyList<PluginSummary> List();
}

/// <summary>
/// One plugin: <see cref="State"/> is <c>loaded</c>, <c>disabled</c> or <c>failed</c> (with <see cref="Reason"/>);
/// <see cref="Capabilities"/> among <c>lookup</c>, <c>search</c>, <c>journal</c>, <c>link</c>.
/// </summary>
public sealed record PluginSummary(string Id, string Name, string Version, string State, string? Reason, IReadOnlyList<string> Capabilities, string Directory);
