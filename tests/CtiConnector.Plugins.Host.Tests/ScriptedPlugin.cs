namespace CtiConnector.Plugins.Host.Tests;

/// <summary>A plugin whose behaviour each test sets: answers, throws or hangs, in lookup, journal or initialisation.</summary>
internal sealed class ScriptedPlugin : ICtiPlugin, IContactLookup, ICallJournal
{
    private readonly Lock _gate = new();
    private readonly List<long> _journaled = [];
    private int _lookups;
    private int _journalAttempts;

    public Func<PluginContext, CancellationToken, Task> Initialize { get; init; } = (_, _) => Task.CompletedTask;

    public Func<PhoneNumberQuery, CancellationToken, Task<PluginContact?>> Lookup { get; set; } =
        (_, _) => Task.FromResult<PluginContact?>(null);

    /// <summary>Receives the attempt number (1-based, over all records); throw to fail it.</summary>
    public Func<CallRecord, int, CancellationToken, Task> Journal { get; set; } = (_, _, _) => Task.CompletedTask;

    public PluginContext? Context { get; private set; }

    public int Lookups => Volatile.Read(ref _lookups);

    public int JournalAttempts => Volatile.Read(ref _journalAttempts);

    public bool Disposed { get; private set; }

    public IReadOnlyList<long> Journaled
    {
        get
        {
            lock (_gate)
            {
                return [.. _journaled];
            }
        }
    }

    public async Task InitializeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        Context = context;
        await Initialize(context, cancellationToken);
    }

    public Task<PluginContact?> LookupAsync(PhoneNumberQuery number, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return Lookup(number, cancellationToken);
    }

    public async Task JournalAsync(CallRecord call, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _journalAttempts);
        await Journal(call, attempt, cancellationToken);
        lock (_gate)
        {
            _journaled.Add(call.HistoryId);
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
