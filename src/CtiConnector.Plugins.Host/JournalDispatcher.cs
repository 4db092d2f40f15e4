using System.Threading.Channels;
using CtiConnector.Core.Events;
using CtiConnector.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// Hands every finished call to each <see cref="ICallJournal"/> plugin, through a durable queue: on <c>call.ended</c>
/// the history record is queued once per journal plugin (topic <c>journal:ID</c>), then each topic is delivered in
/// order, head first; a delivery that throws or overruns <see cref="PluginHostOptions.JournalBudget"/> is retried
/// after a wait that doubles from <see cref="PluginHostOptions.JournalFirstRetry"/> up to
/// <see cref="PluginHostOptions.JournalMaxRetry"/>, and the records behind it wait their turn. A CRM that is down for
/// an hour gets its calls afterwards, in order. Plugins are independent: one failing CRM holds back only its own queue.
/// Delivery is at least once (a crash between the plugin's success and the queue's removal repeats one record).
/// </summary>
public sealed partial class JournalDispatcher
{
    /// <summary>Prefix of the queue topics; the plugin id follows.</summary>
    public const string TopicPrefix = "journal:";

    private readonly PluginRegistry _registry;
    private readonly IJournalQueue _queue;
    private readonly IHistoryStore _history;
    private readonly PluginHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JournalDispatcher(
        PluginRegistry registry,
        IJournalQueue queue,
        IHistoryStore history,
        PluginHostOptions options,
        TimeProvider time,
        ILogger<JournalDispatcher> logger)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled: queues the record of every <c>call.ended</c> read
    /// from <paramref name="events"/> (the agent passes <c>callCenter.Subscribe().Reader</c>) and delivers the queues.
    /// Records queued by an earlier run are delivered too.
    /// </summary>
    public async Task RunAsync(ChannelReader<CtiEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var consume = ConsumeAsync(events, cancellationToken);
        var deliver = DeliverLoopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(consume, deliver).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Queues history record <paramref name="historyId"/> for every journal plugin. Returns how many queues took it.</summary>
    public async Task<int> EnqueueAsync(long historyId, CancellationToken cancellationToken)
    {
        var targets = _registry.Journals;
        if (targets.Count == 0)
        {
            return 0;
        }

        var record = await _history.GetAsync(historyId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            LogHistoryMissing(historyId);
            return 0;
        }

        var payload = CallRecordJson.Write(CallRecordJson.FromHistory(record, _time.GetUtcNow()));
        foreach (var target in targets)
        {
            await _queue.EnqueueAsync(target.Topic, payload, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return targets.Count;
    }

    /// <summary>
    /// One delivery pass: for each journal plugin, delivers its due records in order until its queue is empty, its
    /// head is not due yet, or a delivery fails (then the head is rescheduled). Returns the records delivered.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var counts = await Task.WhenAll(_registry.Journals.Select(t => DrainAsync(t, cancellationToken))).ConfigureAwait(false);
            return counts.Sum();
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Wait before attempt <paramref name="failedAttempts"/> + 1: doubling from the first retry, capped.</summary>
    internal TimeSpan Backoff(int failedAttempts)
    {
        var ticks = _options.JournalFirstRetry.Ticks * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        return ticks >= _options.JournalMaxRetry.Ticks ? _options.JournalMaxRetry : TimeSpan.FromTicks((long)ticks);
    }

    private async Task<int> DrainAsync(JournalTarget target, CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (true)
        {
            JournalQueueItem? head;
            try
            {
                head = await _queue.PeekAsync(target.Topic, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogQueueFailed(target.PluginId, ex);
                return delivered;
            }

            if (head is null || head.NextAttemptAt > _time.GetUtcNow())
            {
                return delivered;
            }

            if (!await DeliverAsync(target, head, cancellationToken).ConfigureAwait(false))
            {
                return delivered;
            }

            delivered++;
        }
    }

    private async Task<bool> DeliverAsync(JournalTarget target, JournalQueueItem item, CancellationToken cancellationToken)
    {
        CallRecord call;
        try
        {
            call = CallRecordJson.Read(item.Payload);
        }
        catch (FormatException ex)
        {
            LogUnreadable(target.PluginId, item.Id, ex);
            await _queue.CompleteAsync(item.Id, cancellationToken).ConfigureAwait(false);
            return true;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.JournalBudget);
        string? failure = null;
        Exception? error = null;
        try
        {
            var delivery = Task.Run(() => target.Journal.JournalAsync(call, budget.Token), budget.Token);
            await delivery.WaitAsync(_options.JournalBudget, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            failure = $"took longer than {_options.JournalBudget.TotalSeconds:0.#} s";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}";
            error = ex;
        }

        if (failure is null)
        {
            await _queue.CompleteAsync(item.Id, cancellationToken).ConfigureAwait(false);
            LogDelivered(target.PluginId, call.HistoryId, item.Attempts + 1);
            return true;
        }

        var wait = Backoff(item.Attempts + 1);
        await _queue.RetryLaterAsync(item.Id, _time.GetUtcNow() + wait, cancellationToken).ConfigureAwait(false);
        LogRetry(target.PluginId, call.HistoryId, item.Attempts + 1, failure, wait, error);
        return false;
    }

    private async Task ConsumeAsync(ChannelReader<CtiEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var evt in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (evt)
            {
                case CallEvent { Type: EventTypes.CallEnded, HistoryId: { } historyId }:
                    try
                    {
                        await EnqueueAsync(historyId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        LogEnqueueFailed(historyId, ex);
                    }

                    break;
                case SubscriptionDroppedEvent dropped:
                    LogDropped(dropped.Reason);
                    break;
            }
        }
    }

    private async Task DeliverLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
            try
            {
                await DeliverDueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogQueueFailed("*", ex);
            }

            await Task.WhenAny(wake, Task.Delay(_options.JournalPollInterval, _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {HistoryId} journaled by {PluginId} (attempt {Attempt})")]
    private partial void LogDelivered(string pluginId, long historyId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {PluginId} did not journal call {HistoryId} (attempt {Attempt}): {Reason}; retry in {Wait}")]
    private partial void LogRetry(string pluginId, long historyId, int attempt, string reason, TimeSpan wait, Exception? exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal queue of {PluginId} could not be read")]
    private partial void LogQueueFailed(string pluginId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued journal item {ItemId} of {PluginId} is unreadable and was dropped")]
    private partial void LogUnreadable(string pluginId, long itemId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {HistoryId} could not be queued for the CRM plugins")]
    private partial void LogEnqueueFailed(long historyId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History record {HistoryId} not found; nothing to journal")]
    private partial void LogHistoryMissing(long historyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal's event subscription was dropped ({Reason}); calls ended meanwhile are not journaled")]
    private partial void LogDropped(string reason);
}
