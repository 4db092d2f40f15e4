namespace CtiConnector.Core.Model;

/// <summary>
/// A call as the public API shows it. Beyond the contract's fields: <see cref="Muted"/>, <see cref="Waiting"/> (rings
/// behind a call in progress) and <see cref="Encrypted"/> (its audio is SRTP, from the answer on).
/// </summary>
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
    bool Waiting = false,
    bool Encrypted = false);
