namespace CtiConnector.Plugins;

/// <summary>A finished call, as handed to <see cref="ICallJournal"/>: the history record with plain types.</summary>
/// <param name="HistoryId">The agent's history id (unique; use it to make journal writes idempotent).</param>
/// <param name="CallId">The agent's call id.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>.</param>
/// <param name="RemoteRaw">The other party's number or address as received/dialled.</param>
/// <param name="RemoteE164">The other party's number in E.164, or null.</param>
/// <param name="RemoteDisplayName">The other party's display name, or null.</param>
/// <param name="ContactId">The contact the call was attached to, or null.</param>
/// <param name="ContactName">That contact's name, or null.</param>
/// <param name="StartedAt">When the call began.</param>
/// <param name="AnsweredAt">When it was answered, or null.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="DurationSeconds">Talk time in seconds (0 when unanswered).</param>
/// <param name="Disposition"><c>answered</c>, <c>missed</c>, <c>declined</c>, <c>busy</c>, <c>failed</c>, <c>cancelled</c>, <c>no-answer</c> or <c>interrupted</c>.</param>
/// <param name="Notes">The user's notes, or null.</param>
/// <param name="AccountId">The SIP account the call used, or null.</param>
public sealed record CallRecord(
    long HistoryId,
    string CallId,
    string Direction,
    string RemoteRaw,
    string? RemoteE164,
    string? RemoteDisplayName,
    string? ContactId,
    string? ContactName,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset EndedAt,
    int DurationSeconds,
    string Disposition,
    string? Notes,
    string? AccountId);
