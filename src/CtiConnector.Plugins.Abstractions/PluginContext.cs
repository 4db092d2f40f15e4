using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins;

/// <summary>What the agent hands a plugin at initialisation.</summary>
public sealed class PluginContext
{
    /// <summary>Creates a context.</summary>
    public PluginContext(IConfiguration configuration, ILogger logger, string dataDirectory, string? defaultCountry)
    {
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        DataDirectory = dataDirectory ?? throw new ArgumentNullException(nameof(dataDirectory));
        DefaultCountry = defaultCountry;
    }

    /// <summary>The plugin's own section, <c>Plugins:&lt;id&gt;</c> (e.g. <c>Plugins:Webhook:LookupUrl</c> is <c>Configuration["LookupUrl"]</c>).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>A logger named after the plugin; its output goes to the agent's log.</summary>
    public ILogger Logger { get; }

    /// <summary>The agent's data directory, for a plugin that keeps files (use a subfolder named after the plugin).</summary>
    public string DataDirectory { get; }

    /// <summary>The user's country (<c>Phone:DefaultCountry</c>, ISO code such as <c>FR</c>), or null.</summary>
    public string? DefaultCountry { get; }
}
