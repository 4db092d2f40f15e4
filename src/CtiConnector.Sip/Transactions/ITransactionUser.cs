using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transactions;

/// <summary>The layer above transactions (the user agent core): receives new requests and what matches no transaction.</summary>
public interface ITransactionUser
{
    /// <summary>A new request (not ACK, not a retransmission). The user answers through <paramref name="transaction"/>.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK for a 2xx (it has its own branch, RFC 3261 §17.1.1.3), or an ACK that matches nothing.</summary>
    void OnAck(SipRequest ack);

    /// <summary>An INVITE that is still ringing was cancelled; the CANCEL itself was answered 200 already.</summary>
    void OnCancelled(ServerInviteTransaction invite, SipRequest cancel);

    /// <summary>A response that matches no client transaction (2xx retransmissions after the transaction ended, forked 2xx).</summary>
    void OnStrayResponse(SipResponse response);
}

/// <summary>What a client transaction reports to whoever sent the request.</summary>
public interface IClientTransactionHandler
{
    /// <summary>A provisional or final response (every 2xx of a forked INVITE reaches here).</summary>
    void OnResponse(ClientTransaction transaction, SipResponse response);

    /// <summary>No final response in time (Timer B or F), or the transport failed; <paramref name="reason"/> says which.</summary>
    void OnFailure(ClientTransaction transaction, string reason, bool timedOut);
}
