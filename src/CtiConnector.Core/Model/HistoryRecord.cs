namespace CtiConnector.Core.Model;

/// <summary>
/// One call in the history. Written when the call starts (with a null <see cref="Disposition"/>
/// while it is live), updated on answer, finalised on end.
/// </summary>
public sealed record HistoryRecord(
    long Id,
    string CallId,
    string? AccountId,
    CallDirection Direction,
    RemoteParty Remote,
    ContactRef? Contact,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    int DurationSeconds,
    CallDisposition? Disposition,
    string? Notes);
