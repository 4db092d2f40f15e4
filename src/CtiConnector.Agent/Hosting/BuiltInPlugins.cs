using CtiConnector.Plugins;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// The CRM adapters compiled into the agent. Only the NativeAOT build (<c>publish.sh</c> with <c>CTI_AOT=1</c>) has
/// any: it cannot load assemblies at run time, so it references the shipped adapters and creates them directly when
/// their <c>plugin.json</c> is found, configured as usual. The standard build loads every plugin from its folder, each in
/// its own load context, and lists none here.
/// </summary>
internal static class BuiltInPlugins
{
    public static IReadOnlyDictionary<string, Func<ICtiPlugin>> All { get; } = new Dictionary<string, Func<ICtiPlugin>>(StringComparer.OrdinalIgnoreCase)
    {
#if CTI_BUILTIN_PLUGINS
        ["CtiConnector.Plugins.PhonebookFile.dll"] = () => new CtiConnector.Plugins.PhonebookFile.PhonebookFilePlugin(),
        ["CtiConnector.Plugins.Sql.dll"] = () => new CtiConnector.Plugins.Sql.SqlPlugin(),
        ["CtiConnector.Plugins.Webhook.dll"] = () => new CtiConnector.Plugins.Webhook.WebhookPlugin(),
#endif
    };
}
