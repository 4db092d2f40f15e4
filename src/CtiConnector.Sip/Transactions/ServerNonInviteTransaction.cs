using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transactions;

/// <summary>The non-INVITE server transaction of RFC 3261 §17.2.2.</summary>
public sealed class ServerNonInviteTransaction : ServerTransaction
{
    internal ServerNonInviteTransaction(TransactionLayer layer, SipRequest request, string key)
        : base(layer, request, key)
    {
        SetState(TransactionState.Trying);
    }

    public override void SendResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
            {
                return;
            }

            LastResponse = response;
            if (response.IsProvisional)
            {
                SetState(TransactionState.Proceeding);
            }
            else
            {
                // Timer J: answer retransmissions with the same final response, then forget.
                AbsorbRetransmissionsThenTerminate(TransactionState.Completed, Timers.Timeout64);
            }
        }

        Transmit(response);
    }

    internal override void OnRetransmission(SipRequest request)
    {
        SipResponse? resend;
        lock (Gate)
        {
            resend = State is TransactionState.Proceeding or TransactionState.Completed ? LastResponse : null;
        }

        if (resend is not null)
        {
            Transmit(resend);
        }
    }
}
