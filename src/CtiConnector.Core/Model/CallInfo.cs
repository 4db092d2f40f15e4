namespace CtiConnector.Core.Model;

/// <summary>A call as the public API shows it.</summary>
public sealed record CallInfo(
    string Id,
    string? AccountId,
    CallDirection Direction,
    CallState State,
    RemoteParty Remote,
    ContactRef? Contact,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    CallDisposition? Disposition,
    bool Muted = false,
    bool Waiting = false);
