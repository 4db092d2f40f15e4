using System.Diagnostics.CodeAnalysis;
using CtiConnector.Api.Plugins;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Contacts;
using CtiConnector.Plugins.Host;
using CtiConnector.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// The CRM plugins of the agent: discovered and loaded before calls are taken (their lookups become the command
/// layer's contact sources, after the local directory), and the journal that hands every finished call to them,
/// durably, through the database's outbox.
/// </summary>
public sealed class AgentPlugins : IPluginCatalog, IAsyncDisposable
{
    private readonly PluginRegistry _registry;
    private readonly PluginHostOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private Task _journal = Task.CompletedTask;
    private int _disposed;

    private AgentPlugins(PluginRegistry registry, PluginHostOptions options)
    {
        _registry = registry;
        _options = options;
    }

    /// <summary>The loaded plugins' lookups, in discovery order.</summary>
    public IReadOnlyList<IContactSource> ContactSources => _registry.ContactSources;

    /// <summary>Every plugin found, with its state.</summary>
    public IReadOnlyList<PluginInfo> Plugins => _registry.GetPlugins();

    /// <summary>The plugins as the API lists them.</summary>
    public IReadOnlyList<PluginSummary> List() =>
        [.. _registry.GetPlugins().Select(p => new PluginSummary(p.Id, p.Name, p.Version, p.StateName, p.Reason, p.Capabilities, p.Directory))];

    /// <summary>Finds and loads the enabled plugins (beside the executable, then in <c>DATADIR/plugins</c>).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026",
        Justification = "Plugins are separate assemblies loaded at run time in their own load context; the agent roots the contract assembly (TrimmerRootAssembly) they bind to.")]
    public static async Task<AgentPlugins> LoadAsync(
        string dataDirectory,
        string defaultCountry,
        IConfiguration configuration,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var options = new PluginHostOptions
        {
            Directories = PluginHostOptions.DefaultDirectories(dataDirectory),
            DataDirectory = dataDirectory,
            DefaultCountry = defaultCountry,
            BuiltIn = BuiltInPlugins.All,
        };
        var registry = new PluginRegistry(options, configuration, loggerFactory, time);
        await registry.LoadAsync(cancellationToken);
        return new AgentPlugins(registry, options);
    }

    /// <summary>Starts handing finished calls to the journal plugins (and delivering what an earlier run left queued).</summary>
    public void StartJournal(CallCenter center, StorageHandle storage, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(storage);
        var dispatcher = new JournalDispatcher(
            _registry, new OutboxJournalQueue(storage.Outbox), storage.History, _options, time, loggerFactory.CreateLogger<JournalDispatcher>());
        var subscription = center.Subscribe();
        _journal = Task.Run(async () =>
        {
            // A subscription dropped for falling behind is replaced; the journal never stops while the agent runs.
            while (!_stopping.IsCancellationRequested)
            {
                using (subscription)
                {
                    await dispatcher.RunAsync(subscription.Reader, _stopping.Token);
                }

                subscription = center.Subscribe();
            }

            subscription.Dispose();
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _journal;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _registry.DisposeAsync();
        _stopping.Dispose();
    }
}
