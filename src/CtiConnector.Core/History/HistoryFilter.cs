namespace CtiConnector.Core.History;

/// <summary>
/// What a user asks of the history (the filters of <c>GET /v1/history</c> and of its CSV export); all optional and
/// combined with AND.
/// </summary>
/// <param name="Number">A number in any format, matched by its match key (its last significant digits).</param>
/// <param name="ContactId">Only the calls of this directory contact (its timeline).</param>
/// <param name="From">Only calls started at or after this time.</param>
/// <param name="To">Only calls started before this time.</param>
/// <param name="MissedNotCalledBack">
/// Only inbound calls that ended missed or unanswered with no later answered call, either direction, with the same
/// number.
/// </param>
public sealed record HistoryFilter(
    string? Number = null,
    string? ContactId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool MissedNotCalledBack = false);
