using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CtiConnector.Core.Contacts;
using CtiConnector.PhoneNumbers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// Discovers, loads and initialises the CRM plugins, and hands them to the agent: <see cref="ContactSources"/> for the
/// contact resolver, <see cref="Journals"/> for the <see cref="JournalDispatcher"/>, <see cref="GetPlugins"/> for
/// <c>GET /v1/plugins</c> and <c>cti plugins</c>. A plugin that fails to load or initialise is listed as failed with
/// the reason and costs nothing else; one that is not enabled (<c>Plugins:ID:Enabled</c> not <c>true</c>) is listed
/// as disabled and never loaded.
/// </summary>
public sealed partial class PluginRegistry : IAsyncDisposable
{
    private readonly PluginHostOptions _options;
    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PhoneNumberParser _parser;
    private readonly List<LoadedPlugin> _plugins = [];
    private readonly List<IContactSource> _sources = [];
    private readonly List<JournalTarget> _journals = [];
    private readonly Lock _gate = new();

    /// <param name="options">Folders and limits.</param>
    /// <param name="configuration">The agent's root configuration; each plugin gets its <c>Plugins:ID</c> section.</param>
    /// <param name="loggerFactory">Gives each plugin a logger named <c>CtiConnector.Plugins.ID</c>.</param>
    /// <param name="time">Clock for budgets.</param>
    public PluginRegistry(PluginHostOptions options, IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        _loggerFactory = loggerFactory;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = loggerFactory.CreateLogger<PluginRegistry>();
        _parser = CreateParser(options.DefaultCountry);
    }

    /// <summary>One <see cref="IContactSource"/> per loaded plugin with <see cref="IContactLookup"/>, in discovery order.</summary>
    public IReadOnlyList<IContactSource> ContactSources
    {
        get
        {
            lock (_gate)
            {
                return [.. _sources];
            }
        }
    }

    /// <summary>The loaded plugins with <see cref="ICallJournal"/>, keyed by plugin id.</summary>
    internal IReadOnlyList<JournalTarget> Journals
    {
        get
        {
            lock (_gate)
            {
                return [.. _journals];
            }
        }
    }

    /// <summary>Every discovered plugin with its state, reason and capabilities, in discovery order.</summary>
    public IReadOnlyList<PluginInfo> GetPlugins()
    {
        lock (_gate)
        {
            return [.. _plugins.Select(p => p.ToInfo())];
        }
    }

    /// <summary>
    /// Finds every <c>plugin.json</c> one level under each of <see cref="PluginHostOptions.Directories"/> (folders in
    /// ordinal order), loads the enabled ones and initialises them within <see cref="PluginHostOptions.InitializeBudget"/>.
    /// Never throws for a plugin's fault; call once, before the agent starts taking calls.
    /// </summary>
    [RequiresUnreferencedCode(PluginLoader.RequiresReason)]
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var root in _options.Directories)
        {
            if (!System.IO.Directory.Exists(root))
            {
                continue;
            }

            var folders = System.IO.Directory.GetDirectories(root);
            Array.Sort(folders, StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                var manifestPath = Path.Combine(folder, "plugin.json");
                if (File.Exists(manifestPath))
                {
                    await LoadOneAsync(folder, manifestPath, seen, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Disposes every created plugin (each within the initialise budget; failures are logged).</summary>
    public async ValueTask DisposeAsync()
    {
        List<LoadedPlugin> plugins;
        lock (_gate)
        {
            plugins = [.. _plugins];
            _sources.Clear();
            _journals.Clear();
        }

        foreach (var plugin in plugins)
        {
            if (plugin.Instance is not { } instance)
            {
                continue;
            }

            try
            {
                await instance.DisposeAsync().AsTask().WaitAsync(_options.InitializeBudget, _time).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogDisposeFailed(plugin.Id, ex);
            }
        }
    }

    /// <summary>
    /// Adds an already created plugin as if discovered in <paramref name="directory"/>: checks <c>Enabled</c>,
    /// initialises it within the budget and registers its capabilities. Discovery ends here; tests start here.
    /// </summary>
    internal async Task<PluginInfo> AddAsync(PluginManifest manifest, string directory, Func<ICtiPlugin> create, CancellationToken cancellationToken)
    {
        var section = _configuration.GetSection($"Plugins:{manifest.Id}");
        if (!string.Equals(section["Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            var off = new LoadedPlugin(manifest.Id, manifest.Name, manifest.Version, directory, null, PluginState.Disabled,
                $"not enabled (set Plugins:{manifest.Id}:Enabled to true)");
            Add(off);
            LogNotEnabled(manifest.Id);
            return off.ToInfo();
        }

        var plugin = new LoadedPlugin(manifest.Id, manifest.Name, manifest.Version, directory, null, PluginState.Failed, "loading");
        Add(plugin);
        ICtiPlugin instance;
        try
        {
            instance = create();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = $"could not be loaded: {Describe(ex)}";
            plugin.MarkFailed(reason, null);
            LogFailed(manifest.Id, reason, ex);
            return plugin.ToInfo();
        }

        var context = new PluginContext(section, _loggerFactory.CreateLogger($"CtiConnector.Plugins.{manifest.Id}"), _options.DataDirectory, _options.DefaultCountry);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.InitializeBudget);
        try
        {
            var init = Task.Run(() => instance.InitializeAsync(context, budget.Token), budget.Token);
            await init.WaitAsync(_options.InitializeBudget, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            plugin.MarkFailed("start-up was cancelled", instance);
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            var reason = $"initialisation took longer than {_options.InitializeBudget.TotalSeconds:0.#} s";
            plugin.MarkFailed(reason, instance);
            LogFailed(manifest.Id, reason, null);
            return plugin.ToInfo();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = $"initialisation failed: {Describe(ex)}";
            plugin.MarkFailed(reason, instance);
            LogFailed(manifest.Id, reason, ex);
            return plugin.ToInfo();
        }

        plugin.MarkLoaded(instance);
        lock (_gate)
        {
            if (instance is IContactLookup lookup)
            {
                _sources.Add(new PluginContactSource(plugin, lookup, _parser, _options, _time, _logger));
            }

            if (instance is ICallJournal journal)
            {
                _journals.Add(new JournalTarget(plugin.Id, journal));
            }
        }

        LogLoaded(plugin.Id, plugin.Version, string.Join(", ", plugin.Capabilities), directory);
        return plugin.ToInfo();
    }

    [RequiresUnreferencedCode(PluginLoader.RequiresReason)]
    private async Task LoadOneAsync(string folder, string manifestPath, Dictionary<string, string> seen, CancellationToken cancellationToken)
    {
        var folderName = Path.GetFileName(folder);
        PluginManifest? manifest;
        string? error;
        try
        {
            var info = new FileInfo(manifestPath);
            if (info.Length > PluginManifestReader.MaxBytes)
            {
                (manifest, error) = (null, $"plugin.json is larger than {PluginManifestReader.MaxBytes} bytes");
            }
            else
            {
                var bytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false);
                manifest = PluginManifestReader.Parse(bytes, out error);
            }
        }
        catch (IOException ex)
        {
            (manifest, error) = (null, $"plugin.json could not be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            (manifest, error) = (null, $"plugin.json could not be read: {ex.Message}");
        }

        if (manifest is null)
        {
            var bad = new LoadedPlugin(folderName, folderName, "", folder, null, PluginState.Failed, error);
            Add(bad);
            LogFailed(folderName, error ?? "invalid manifest", null);
            return;
        }

        if (seen.TryGetValue(manifest.Id, out var first))
        {
            var duplicate = new LoadedPlugin(manifest.Id, manifest.Name, manifest.Version, folder, null, PluginState.Failed,
                $"another plugin with id {manifest.Id} is already loaded from {first}");
            Add(duplicate);
            LogFailed(manifest.Id, "duplicate id", null);
            return;
        }

        seen[manifest.Id] = folder;
        await AddAsync(manifest, folder, Factory(manifest, folder), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How the plugin of <paramref name="manifest"/> is created: compiled into the agent (<see cref="PluginHostOptions.BuiltIn"/>),
    /// else loaded from its folder where the runtime can load assemblies (not in a NativeAOT build, which says so).
    /// </summary>
    [RequiresUnreferencedCode(PluginLoader.RequiresReason)]
    private Func<ICtiPlugin> Factory(PluginManifest manifest, string folder)
    {
        if (_options.BuiltIn.TryGetValue(Path.GetFileName(manifest.EntryAssembly), out var builtIn))
        {
            return builtIn;
        }

        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return () => throw new PlatformNotSupportedException(
                $"this agent is the NativeAOT build, which runs only the plugins compiled into it ({BuiltInNames()}) and cannot load {manifest.EntryAssembly}; install the standard build to use this plugin");
        }

        return () => PluginLoader.Create(manifest, folder);
    }

    private string BuiltInNames() =>
        _options.BuiltIn.Count == 0 ? "none" : string.Join(", ", _options.BuiltIn.Keys.Order(StringComparer.Ordinal).Select(Path.GetFileNameWithoutExtension));

    private void Add(LoadedPlugin plugin)
    {
        lock (_gate)
        {
            _plugins.Add(plugin);
        }
    }

    private static string Describe(Exception ex) =>
        ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Describe(inner) : $"{ex.GetType().Name}: {ex.Message}";

    private static PhoneNumberParser CreateParser(string? country)
    {
        try
        {
            return string.IsNullOrWhiteSpace(country) ? new PhoneNumberParser() : new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = country });
        }
        catch (ArgumentException)
        {
            return new PhoneNumberParser();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} loaded ({Capabilities}) from {Directory}")]
    private partial void LogLoaded(string pluginId, string version, string capabilities, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {PluginId} found but not enabled")]
    private partial void LogNotEnabled(string pluginId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {PluginId} not used: {Reason}")]
    private partial void LogFailed(string pluginId, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {PluginId} failed to dispose")]
    private partial void LogDisposeFailed(string pluginId, Exception exception);
}
