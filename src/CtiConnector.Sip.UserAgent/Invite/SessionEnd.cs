namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>Why a session ended.</summary>
public enum SessionEndCause
{
    /// <summary>We hung up an established call.</summary>
    LocalHangup,

    /// <summary>The peer sent BYE.</summary>
    RemoteHangup,

    /// <summary>We cancelled our own call before it was answered.</summary>
    LocalCancel,

    /// <summary>The caller cancelled before we answered (CANCEL → 487).</summary>
    RemoteCancel,

    /// <summary>We declined an incoming call.</summary>
    LocalDecline,

    /// <summary>The peer refused our call with a final response (busy, declined, not found...).</summary>
    Rejected,

    /// <summary>No answer in time, no ACK, a transport failure, an authentication failure.</summary>
    Failed,
}

/// <summary>The end of a session: the cause, the SIP status involved (0 when none) and a sentence for people.</summary>
public sealed record SessionEnd(SessionEndCause Cause, int StatusCode, string Reason);
