using CtiConnector.Core.Calls;
using CtiConnector.Core.Model;

namespace CtiConnector.Core.Events;

/// <summary>
/// Something the command layer tells every subscribed door (WebSocket, SSE, pipe, UI). <see cref="Type"/> is one of
/// <see cref="EventTypes"/>; a subscriber always receives a <see cref="SnapshotEvent"/> first.
/// </summary>
public abstract record CtiEvent(string Type, DateTimeOffset At);

/// <summary>The full state, sent first to every new subscriber.</summary>
public sealed record SnapshotEvent(DateTimeOffset At, AgentStatus Status) : CtiEvent(EventTypes.Snapshot, At);

/// <summary>An account's registration state changed.</summary>
public sealed record RegistrationChangedEvent(DateTimeOffset At, AccountInfo Account) : CtiEvent(EventTypes.RegistrationChanged, At);

/// <summary>
/// A call event (<c>call.*</c>): <see cref="Call"/> is the call as it is after the event. <c>call.ended</c> fills
/// <see cref="DurationSeconds"/> and <see cref="HistoryId"/>; <c>call.dtmf</c> fills <see cref="Digits"/>;
/// <c>call.transferred</c> fills <see cref="Target"/>.
/// </summary>
public sealed record CallEvent(string Type, DateTimeOffset At, CallInfo Call) : CtiEvent(Type, At)
{
    public int? DurationSeconds { get; init; }

    public long? HistoryId { get; init; }

    public string? Digits { get; init; }

    public string? Target { get; init; }

    /// <summary>Why the call ended or changed, in words (e.g. <c>486 Busy Here</c>).</summary>
    public string? Reason { get; init; }
}

/// <summary>The last event of a subscription that fell too far behind: the hub dropped it.</summary>
public sealed record SubscriptionDroppedEvent(DateTimeOffset At, string Reason) : CtiEvent(EventTypes.SubscriptionDropped, At);
