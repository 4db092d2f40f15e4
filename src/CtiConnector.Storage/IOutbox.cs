namespace CtiConnector.Storage;

/// <summary>
/// A small durable queue in the storage database (for example the deliveries of call records to CRM plugins):
/// a message stays until <see cref="CompleteAsync"/>; a failed attempt is retried after <see cref="RescheduleAsync"/>.
/// Delivery is at least once.
/// </summary>
public interface IOutbox
{
    /// <summary>Queues a message, due now or at <paramref name="notBefore"/>; returns its id.</summary>
    Task<long> EnqueueAsync(string topic, string payload, DateTimeOffset? notBefore, CancellationToken cancellationToken);

    /// <summary>The oldest messages of <paramref name="topic"/> due at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetDueAsync(string topic, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a delivered message. Returns false when it was already gone.</summary>
    Task<bool> CompleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and makes the message due again at <paramref name="nextAttemptAt"/>.</summary>
    Task RescheduleAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);
}
