namespace CtiConnector.Plugins;

/// <summary>
/// Capability: receives every finished call so the CRM's own timeline shows it. Deliveries come from a durable
/// queue, in order, once each: throw to have the same record retried later (with backoff), return to acknowledge it.
/// </summary>
public interface ICallJournal
{
    /// <summary>Records <paramref name="call"/> in the CRM. Throwing means "not recorded, try again later".</summary>
    Task JournalAsync(CallRecord call, CancellationToken cancellationToken);
}
