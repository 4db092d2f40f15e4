namespace CtiConnector.Plugins;

/// <summary>
/// A plugin's <c>plugin.json</c>, beside its assembly:
/// <code>{ "id": "Webhook", "name": "Webhook CRM", "version": "1.0.0", "entryAssembly": "CtiConnector.Plugins.Webhook.dll", "contractVersion": 1 }</code>
/// The id names the configuration section (<c>Plugins:Webhook</c>).
/// </summary>
/// <param name="Id">Stable identifier: letters, digits, '-' and '_'.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="EntryAssembly">The file name of the assembly holding the <see cref="ICtiPlugin"/> implementation.</param>
/// <param name="ContractVersion">The <see cref="PluginContract.Version"/> it was built against.</param>
/// <param name="EntryType">The full name of the plugin type, when the assembly holds more than one.</param>
public sealed record PluginManifest(string Id, string Name, string Version, string EntryAssembly, int ContractVersion, string? EntryType = null);
