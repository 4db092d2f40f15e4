using CtiConnector.Storage;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// <see cref="IJournalQueue"/> over the storage <see cref="IOutbox"/> (the <c>outbox</c> table of the agent's SQLite or
/// PostgreSQL database). The outbox returns messages by due time; the head of a topic is its lowest id, so a record
/// waiting for a retry is never overtaken by a later one.
/// </summary>
public sealed class OutboxJournalQueue : IJournalQueue
{
    // Enough to see a topic's head: only the head is ever rescheduled, so it is among the first rows unless more
    // than this many calls ended during one retry wait.
    private const int Window = 500;
    private static readonly DateTimeOffset FarFuture = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IOutbox _outbox;

    public OutboxJournalQueue(IOutbox outbox)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
    }

    public async Task EnqueueAsync(string topic, string payload, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _outbox.EnqueueAsync(topic, payload, now, cancellationToken).ConfigureAwait(false);

    public async Task<JournalQueueItem?> PeekAsync(string topic, CancellationToken cancellationToken)
    {
        var messages = await _outbox.GetDueAsync(topic, FarFuture, Window, cancellationToken).ConfigureAwait(false);
        OutboxMessage? head = null;
        foreach (var message in messages)
        {
            if (head is null || message.Id < head.Id)
            {
                head = message;
            }
        }

        return head is null ? null : new JournalQueueItem(head.Id, head.Payload, head.Attempts, head.NextAttemptAt);
    }

    public async Task CompleteAsync(long id, CancellationToken cancellationToken) =>
        await _outbox.CompleteAsync(id, cancellationToken).ConfigureAwait(false);

    public Task RetryLaterAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        _outbox.RescheduleAsync(id, nextAttemptAt, cancellationToken);
}
