namespace CtiConnector.Plugins.Host;

/// <summary>Where plugins are found and the time limits and retry policy they run under.</summary>
public sealed class PluginHostOptions
{
    /// <summary>
    /// Folders searched for <c>*/plugin.json</c>, in order; the first plugin with a given id wins. The agent passes
    /// <c>AppContext.BaseDirectory/plugins</c> then <c>DATADIR/plugins</c> (see <see cref="DefaultDirectories"/>).
    /// </summary>
    public IList<string> Directories { get; init; } = [];

    /// <summary>The agent's data directory, handed to plugins in their <see cref="PluginContext"/>.</summary>
    public string DataDirectory { get; init; } = "";

    /// <summary>ISO country for numbers without a country code (<c>Phone:DefaultCountry</c>).</summary>
    public string? DefaultCountry { get; init; }

    /// <summary>How long <see cref="ICtiPlugin.InitializeAsync"/> may take before the plugin is marked failed (default 10 s).</summary>
    public TimeSpan InitializeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one contact lookup may take before it is abandoned and counted as a failure (default 2 s).</summary>
    public TimeSpan LookupBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The budget of a plugin's lookups until one has answered in time (default 10 s): the first call of a freshly
    /// loaded plugin compiles it and its dependencies and opens its first connection, which on a loaded machine can
    /// take longer than <see cref="LookupBudget"/> without anything being wrong.
    /// </summary>
    public TimeSpan FirstLookupBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive lookup failures (exceptions or overruns) after which a plugin's lookups are disabled (default 5).</summary>
    public int MaxConsecutiveFailures { get; init; } = 5;

    /// <summary>
    /// While disabled by failures, one lookup in this period is let through as a probe; an answer (hit or miss)
    /// re-enables the plugin (default 5 min). <see cref="Timeout.InfiniteTimeSpan"/>: disabled until restart.
    /// </summary>
    public TimeSpan DisabledRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one journal delivery may take before it counts as failed and is retried (default 30 s).</summary>
    public TimeSpan JournalBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before the first retry of a failed delivery; doubled on each further failure (default 2 s).</summary>
    public TimeSpan JournalFirstRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between two attempts of one delivery (default 5 min).</summary>
    public TimeSpan JournalMaxRetry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the journal queue is looked at when nothing wakes it (default 1 s).</summary>
    public TimeSpan JournalPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Plugins compiled into the agent, by the file name of their entry assembly (<c>entryAssembly</c> of
    /// <c>plugin.json</c>, such as <c>CtiConnector.Plugins.Webhook.dll</c>). A plugin folder whose entry assembly is
    /// listed here is created through this factory instead of being loaded from its folder. The NativeAOT build, which
    /// cannot load assemblies at run time, lists the shipped adapters; the standard build lists none.
    /// </summary>
    public IReadOnlyDictionary<string, Func<ICtiPlugin>> BuiltIn { get; init; } = new Dictionary<string, Func<ICtiPlugin>>();

    /// <summary>The installation's and the data directory's <c>plugins</c> folders, in that order.</summary>
    public static IList<string> DefaultDirectories(string dataDirectory) =>
        [Path.Combine(AppContext.BaseDirectory, "plugins"), Path.Combine(dataDirectory, "plugins")];
}
