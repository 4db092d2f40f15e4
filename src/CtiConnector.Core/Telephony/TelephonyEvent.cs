using CtiConnector.Core.Model;

namespace CtiConnector.Core.Telephony;

/// <summary>Something the telephony layer reports to the core.</summary>
public abstract record TelephonyEvent(DateTimeOffset At);

/// <summary>An account's registration changed.</summary>
public sealed record RegistrationChanged(DateTimeOffset At, AccountInfo Account) : TelephonyEvent(At);

/// <summary>A call began: outgoing (INVITE sent) or incoming (INVITE received, now ringing here).</summary>
/// <param name="RemoteNumber">The remote user part or number as received/dialled (e.g. <c>+33123456789</c>, <c>0123456789</c>, <c>alice</c>).</param>
/// <param name="RemoteUri">The remote URI (<c>sip:0123456789@example.org</c>).</param>
/// <param name="Waiting">Incoming while another call is being talked on: it waits (call waiting) instead of ringing.</param>
public sealed record CallStarted(
    DateTimeOffset At,
    string CallId,
    string? AccountId,
    CallDirection Direction,
    string RemoteNumber,
    string RemoteUri,
    string? RemoteDisplayName,
    bool Waiting = false) : TelephonyEvent(At);

/// <summary>
/// The remote side is ringing (180/183) for an outgoing call; or an incoming call that was waiting behind another
/// (<see cref="CallStarted.Waiting"/>) now rings on its own, <see cref="Waiting"/> false, because the other ended.
/// </summary>
public sealed record CallRinging(DateTimeOffset At, string CallId, bool? Waiting = null) : TelephonyEvent(At);

/// <summary>The call was answered (by either side) and media flows; <see cref="Encrypted"/> when it is SRTP.</summary>
public sealed record CallAnswered(DateTimeOffset At, string CallId, bool Encrypted = false) : TelephonyEvent(At);

/// <summary>The call was put on hold, by us or by the remote side.</summary>
public sealed record CallHeld(DateTimeOffset At, string CallId, bool ByRemote) : TelephonyEvent(At);

/// <summary>The call came off hold.</summary>
public sealed record CallResumed(DateTimeOffset At, string CallId) : TelephonyEvent(At);

/// <summary>A DTMF digit was received from the remote side (RFC 4733 or SIP INFO).</summary>
public sealed record CallDtmf(DateTimeOffset At, string CallId, char Digit) : TelephonyEvent(At);

/// <summary>The call was transferred to <see cref="Target"/>.</summary>
public sealed record CallTransferred(DateTimeOffset At, string CallId, string Target) : TelephonyEvent(At);

/// <summary>The call ended. <see cref="Reason"/> is a human-readable cause (e.g. <c>486 Busy Here</c>, <c>remote hung up</c>).</summary>
public sealed record CallEnded(DateTimeOffset At, string CallId, CallDisposition Disposition, string Reason) : TelephonyEvent(At);
