using CtiConnector.Core.Model;

namespace CtiConnector.Core.Storage;

/// <summary>
/// Durable call history. A record is inserted when a call starts (disposition null while live),
/// updated as the call progresses and finalised when it ends; nothing accepted is ever lost.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Inserts a new record (its <see cref="HistoryRecord.Id"/> is ignored) and returns the stored id.</summary>
    Task<long> InsertAsync(HistoryRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record with the same id.</summary>
    Task UpdateAsync(HistoryRecord record, CancellationToken cancellationToken);

    Task<HistoryRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first; <see cref="HistoryQuery.Before"/> is a cursor (an id) for paging.</summary>
    Task<IReadOnlyList<HistoryRecord>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>Edits the notes and/or the disposition of a finished record. Returns the updated record, or null when absent.</summary>
    Task<HistoryRecord?> PatchAsync(long id, string? notes, CallDisposition? disposition, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every record still live (no disposition) as <see cref="CallDisposition.Interrupted"/>, ending it at
    /// <paramref name="endedAt"/>: called at start, for calls that were live when the agent died. Returns how many.
    /// </summary>
    Task<int> MarkInterruptedAsync(DateTimeOffset endedAt, CancellationToken cancellationToken);
}

/// <summary>History filters; all optional and combined with AND.</summary>
/// <param name="MatchKey">Matches <see cref="RemoteParty"/> by the number's match key (see PhoneNumbers).</param>
/// <param name="E164">Matches the normalised remote number exactly.</param>
/// <param name="Text">
/// Matches records whose contact name, remote display name, remote raw number or notes contain this text, ignoring
/// case and accents ("zoe" finds "Zoé"); taken literally (no wildcards).
/// </param>
/// <param name="Before">Only records with an id lower than this (paging cursor).</param>
/// <param name="MissedNotCalledBack">
/// Inbound calls that ended <c>missed</c> or <c>no-answer</c> with no later answered call, in either direction, with the
/// same number (the calls still to return).
/// </param>
public sealed record HistoryQuery(
    string? ContactId = null,
    string? E164 = null,
    string? MatchKey = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    CallDisposition? Disposition = null,
    bool MissedNotCalledBack = false,
    long? Before = null,
    int Limit = 50,
    string? Text = null);
