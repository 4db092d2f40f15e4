namespace CtiConnector.Plugins.Host;

/// <summary>
/// A discovered plugin and its state. Thread-safe: lookups on many calls at once count failures and may disable it.
/// </summary>
internal sealed class LoadedPlugin
{
    private readonly Lock _gate = new();
    private PluginState _state;
    private string? _reason;
    private int _consecutiveFailures;
    private long _failures;
    private bool _disabledByFailures;
    private bool _answered;
    private DateTimeOffset _retryAt;

    public LoadedPlugin(string id, string name, string version, string directory, ICtiPlugin? instance, PluginState state, string? reason)
    {
        Id = id;
        Name = name;
        Version = version;
        Directory = directory;
        Instance = instance;
        _state = state;
        _reason = reason;
    }

    public string Id { get; }

    public string Name { get; }

    public string Version { get; }

    public string Directory { get; }

    /// <summary>The plugin object; null when it was never created (bad manifest, not enabled, load error).</summary>
    public ICtiPlugin? Instance { get; private set; }

    public PluginState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>True once a lookup has answered in time (the plugin is warm: compiled, connected).</summary>
    public bool HasAnswered => Volatile.Read(ref _answered);

    /// <summary>Failures (exceptions and overruns) counted since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public IReadOnlyList<string> Capabilities
    {
        get
        {
            var instance = Instance;
            var list = new List<string>(4);
            if (instance is IContactLookup)
            {
                list.Add("lookup");
            }

            if (instance is IContactSearch)
            {
                list.Add("search");
            }

            if (instance is ICallJournal)
            {
                list.Add("journal");
            }

            if (instance is IContactLink)
            {
                list.Add("link");
            }

            return list;
        }
    }

    public void MarkLoaded(ICtiPlugin instance)
    {
        lock (_gate)
        {
            Instance = instance;
            _state = PluginState.Loaded;
            _reason = null;
        }
    }

    public void MarkFailed(string reason, ICtiPlugin? instance)
    {
        lock (_gate)
        {
            Instance = instance;
            _state = PluginState.Failed;
            _reason = reason;
        }
    }

    /// <summary>
    /// True when a lookup may go to the plugin: it is loaded, or it was disabled by failures and its next try is due
    /// (then this call is the one probe, and the next try is at <paramref name="nextRetryAt"/>).
    /// </summary>
    public bool TryEnter(DateTimeOffset now, DateTimeOffset nextRetryAt)
    {
        lock (_gate)
        {
            if (_state == PluginState.Loaded)
            {
                return true;
            }

            if (!_disabledByFailures || now < _retryAt)
            {
                return false;
            }

            _retryAt = nextRetryAt;
            return true;
        }
    }

    /// <summary>Resets the run of failures after a call that worked; returns true when this re-enables the plugin.</summary>
    public bool RecordSuccess()
    {
        Volatile.Write(ref _answered, true);
        lock (_gate)
        {
            _consecutiveFailures = 0;
            if (!_disabledByFailures)
            {
                return false;
            }

            _disabledByFailures = false;
            _state = PluginState.Loaded;
            _reason = null;
            return true;
        }
    }

    /// <summary>
    /// Counts a failure; returns true when this one reaches <paramref name="limit"/> in a row and the plugin is now
    /// disabled with <paramref name="reason"/> until <paramref name="retryAt"/> (only the failure that disables it returns true).
    /// </summary>
    public bool RecordFailure(int limit, string reason, DateTimeOffset retryAt)
    {
        Interlocked.Increment(ref _failures);
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_state != PluginState.Loaded || _consecutiveFailures < limit)
            {
                return false;
            }

            _state = PluginState.Disabled;
            _disabledByFailures = true;
            _retryAt = retryAt;
            _reason = $"disabled after {_consecutiveFailures} failures in a row; last: {reason}";
            return true;
        }
    }

    public PluginInfo ToInfo()
    {
        lock (_gate)
        {
            return new PluginInfo(Id, Name, Version, _state, _reason, Capabilities, Directory);
        }
    }
}
