namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>Where an INVITE session stands.</summary>
public enum InviteSessionState
{
    /// <summary>Outgoing: INVITE sent, nothing heard back yet but perhaps 100 Trying.</summary>
    Calling,

    /// <summary>Outgoing: 180/183 received (early dialog).</summary>
    Ringing,

    /// <summary>Incoming: INVITE received, not answered yet.</summary>
    Incoming,

    /// <summary>Incoming: 200 sent, waiting for the ACK.</summary>
    Connecting,

    /// <summary>Both sides agreed: media flows.</summary>
    Confirmed,

    Terminated,
}
