using CtiConnector.Core.Contacts;
using CtiConnector.Core.Events;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;
using CtiConnector.Core.Numbers;
using CtiConnector.Core.Storage;
using CtiConnector.Core.Telephony;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Core.Calls;

/// <summary>
/// The one command layer every door (HTTP, WebSocket, SSE, pipe, UI, CLI) drives. It places and controls calls through
/// <see cref="ITelephony"/>, keeps the live call table from the telephony events, resolves each caller's contact,
/// writes the history from the first moment of a call, and publishes <see cref="CtiEvent"/>s on its
/// <see cref="EventHub"/>. Commands throw <see cref="CallCenterException"/> with a stable code.
/// </summary>
/// <remarks>
/// Threading: state changes and event publication happen under one lock, so a subscriber's snapshot and the events
/// after it never overlap or miss. The first event of a call (<c>call.incoming</c>/<c>call.outgoing</c>) waits for the
/// contact within the lookup budget; the telephony events of that call arriving meanwhile are queued behind it.
/// </remarks>
public sealed partial class CallCenter : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallEntry> _calls = new(StringComparer.Ordinal);
    private readonly ITelephony _telephony;
    private readonly IHistoryStore _history;
    private readonly IContactStore _contacts;
    private readonly INumberNormalizer _normalizer;
    private readonly IContactFileReader? _fileReader;
    private readonly ContactResolver _resolver;
    private readonly HistoryWriter _writer;
    private readonly EventHub _hub;
    private readonly CallCenterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CallCenter> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource? _drained;
    private bool _doNotDisturb;
    private bool _started;

    public CallCenter(
        ITelephony telephony,
        IHistoryStore history,
        IContactStore contacts,
        IEnumerable<IContactSource> sources,
        INumberNormalizer normalizer,
        IContactFileReader? fileReader,
        CallCenterOptions options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _telephony = telephony;
        _history = history;
        _contacts = contacts;
        _normalizer = normalizer;
        _fileReader = fileReader;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<CallCenter>();
        _resolver = new ContactResolver(contacts, sources, options.ContactLookup, time, loggerFactory.CreateLogger<ContactResolver>());
        _writer = new HistoryWriter(history, time, loggerFactory.CreateLogger<HistoryWriter>());
        _hub = new EventHub(options.SubscriberQueueCapacity, time);
    }

    /// <summary>The event hub (for doors that count subscribers; subscribe through <see cref="Subscribe"/>).</summary>
    public EventHub Events => _hub;

    /// <summary>
    /// Marks the calls left live by a previous run as interrupted, starts the history writer and begins listening to
    /// the telephony layer. Call once, before the doors open.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("The call center is already started.");
        }

        _started = true;
        var interrupted = await _history.MarkInterruptedAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(interrupted);
        }

        _writer.Start();
        _telephony.SetListener(OnTelephonyEvent);
    }

    /// <summary>Hangs up every live call, waits a little for them to end, writes the history out and ends the subscriptions.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        string[] live;
        Task drained;
        lock (_gate)
        {
            live = [.. _calls.Where(c => c.Value.Info.State != CallState.Ended).Select(c => c.Key)];
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_calls.Count == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        foreach (var callId in live)
        {
            try
            {
                await _telephony.HangupAsync(callId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                LogShutdownHangupFailed(callId, ex);
            }
        }

        try
        {
            await drained.WaitAsync(_options.ShutdownGrace, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Calls still live are marked interrupted at the next start.
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        _hub.CompleteAll();
    }

    /// <summary>Version, accounts with their registration state, live calls.</summary>
    public AgentStatus GetStatus()
    {
        lock (_gate)
        {
            return BuildStatus();
        }
    }

    /// <summary>Subscribes to the events; the first one is a <see cref="SnapshotEvent"/> with the full state.</summary>
    public EventSubscription Subscribe()
    {
        lock (_gate)
        {
            return _hub.Subscribe(new SnapshotEvent(_time.GetUtcNow(), BuildStatus()));
        }
    }

    /// <summary>Turns do-not-disturb on or off: incoming calls are answered busy and logged as missed.</summary>
    public void SetDoNotDisturb(bool enabled)
    {
        _telephony.SetDoNotDisturb(enabled);
        lock (_gate)
        {
            if (_doNotDisturb == enabled)
            {
                return;
            }

            _doNotDisturb = enabled;
            _hub.Publish(new DoNotDisturbChangedEvent(_time.GetUtcNow(), enabled));
        }
    }

    /// <summary>Registers an account again (the UI's "test"); the outcome arrives as <c>registration.changed</c>.</summary>
    public async Task<AccountInfo> RegisterAgainAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            await _telephony.RegisterAgainAsync(accountId, cancellationToken).ConfigureAwait(false);
        }
        catch (TelephonyException ex)
        {
            throw new CallCenterException(ex.Code == "no-such-account" ? "not-found" : ex.Code, ex.Message, ex);
        }

        lock (_gate)
        {
            return BuildStatus().Accounts.FirstOrDefault(a => a.Id == accountId)
                ?? throw new CallCenterException("not-found", $"There is no account '{accountId}'.");
        }
    }

    /// <summary>Writes out the pending history (used by shutdown and tests).</summary>
    public Task FlushHistoryAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _hub.CompleteAll();
        _stopping.Dispose();
    }

    private AgentStatus BuildStatus() => new(
        _options.Version,
        _telephony.Accounts,
        [.. _calls.Values.Where(c => c.Info.State != CallState.Ended).Select(c => c.Info).OrderBy(c => c.StartedAt)],
        _doNotDisturb);

    private NormalizedNumber Normalize(string raw)
    {
        try
        {
            return _normalizer.Normalize(raw);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNormalizeFailed(ex);
            return default;
        }
    }

    private static HistoryRecord ToRecord(CallInfo call) => new(
        0,
        call.Id,
        call.AccountId,
        call.Direction,
        call.Remote,
        call.Contact,
        call.StartedAt,
        call.AnsweredAt,
        call.EndedAt,
        DurationOf(call),
        call.Disposition,
        null);

    private static int DurationOf(CallInfo call) =>
        call.AnsweredAt is { } answered && call.EndedAt is { } ended && ended > answered
            ? (int)Math.Round((ended - answered).TotalSeconds, MidpointRounding.AwayFromZero)
            : 0;

    /// <summary>A live call and what the layer knows beyond its public shape.</summary>
    private sealed class CallEntry(CallInfo info, string? matchKey)
    {
        public CallInfo Info { get; set; } = info;

        public string? MatchKey { get; } = matchKey;

        /// <summary>Events held back until the first call event is published; null once it is.</summary>
        public List<TelephonyEvent>? Deferred { get; set; } = [];

        public bool Ending { get; set; }
    }
}
