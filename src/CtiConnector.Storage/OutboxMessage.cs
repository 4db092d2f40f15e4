namespace CtiConnector.Storage;

/// <summary>A queued message of the <see cref="IOutbox"/>.</summary>
public sealed record OutboxMessage(long Id, string Topic, string Payload, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt);
