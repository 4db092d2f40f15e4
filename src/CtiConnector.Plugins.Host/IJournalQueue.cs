namespace CtiConnector.Plugins.Host;

/// <summary>
/// The durable queue behind the journal: one FIFO per topic (one topic per journal plugin), kept in the agent's
/// database so deliveries survive a restart. <see cref="OutboxJournalQueue"/> implements it over the storage outbox.
/// </summary>
public interface IJournalQueue
{
    /// <summary>Appends <paramref name="payload"/> to <paramref name="topic"/>, due at <paramref name="now"/>.</summary>
    Task EnqueueAsync(string topic, string payload, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The oldest item of <paramref name="topic"/> (due or not), or null when the topic is empty.</summary>
    Task<JournalQueueItem?> PeekAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Removes a delivered item.</summary>
    Task CompleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the item due again at <paramref name="nextAttemptAt"/>.</summary>
    Task RetryLaterAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);
}

/// <summary>A queued delivery.</summary>
/// <param name="Id">Queue id; increasing in enqueue order.</param>
/// <param name="Payload">The call record as JSON (<see cref="CallRecordJson"/>).</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="NextAttemptAt">When it is due.</param>
public sealed record JournalQueueItem(long Id, string Payload, int Attempts, DateTimeOffset NextAttemptAt);
