using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Transactions;

/// <summary>
/// The INVITE client transaction of RFC 3261 §17.1.1, with the Accepted state of RFC 6026 so that
/// retransmitted and forked 2xx responses still reach the user agent.
/// </summary>
public sealed class ClientInviteTransaction : ClientTransaction
{
    private SipRequest? _ack;

    internal ClientInviteTransaction(TransactionLayer layer, SipRequest request, SipEndPoint destination, IClientTransactionHandler handler, string key)
        : base(layer, request, destination, handler, key)
    {
    }

    internal override void Start()
    {
        lock (Gate)
        {
            SetState(TransactionState.Calling);
        }

        Send(Request);
        if (!IsReliable)
        {
            ScheduleTimerA(Timers.T1);
        }

        // Timer B: give up when nothing at all came back.
        StartTimer(Timers.Timeout64, () =>
        {
            if (State == TransactionState.Calling)
            {
                Fail("no response (timer B)", timedOut: true);
            }
        });
    }

    /// <summary>
    /// Builds the CANCEL for this INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq number,
    /// top Via and Route. Send it as its own non-INVITE transaction once a provisional response has arrived.
    /// </summary>
    public SipRequest CreateCancel()
    {
        var cancel = new SipRequest(SipMethods.Cancel, Request.RequestUri!);
        var vias = Request.Headers.GetValues(HeaderId.Via);
        cancel.Headers.Add(HeaderId.Via, vias[0]);
        cancel.Headers.Add(HeaderId.MaxForwards, "70");
        cancel.Headers.Add(HeaderId.From, Request.Headers[HeaderId.From]!);
        cancel.Headers.Add(HeaderId.To, Request.Headers[HeaderId.To]!);
        cancel.Headers.Add(HeaderId.CallId, Request.CallId!);
        cancel.Headers.Add(HeaderId.CSeq, new CSeqHeader(Request.CSeq!.Value.Number, SipMethods.Cancel).ToString());
        cancel.Headers.CopyFrom(Request.Headers, HeaderId.Route);
        return cancel;
    }

    internal override void OnResponse(SipResponse response)
    {
        var deliver = false;
        var sendAck = false;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Calling or TransactionState.Proceeding:
                    LastResponse = response;
                    deliver = true;
                    if (response.IsProvisional)
                    {
                        SetState(TransactionState.Proceeding);
                    }
                    else if (response.IsSuccess)
                    {
                        // RFC 6026 §7.2: Accepted; keep absorbing 2xx for Timer M, delivering each to the user.
                        SetState(TransactionState.Accepted);
                        StartTimer(Timers.Timeout64, Terminate);
                    }
                    else
                    {
                        _ack = CreateAckForFailure(response);
                        sendAck = true;
                        AbsorbRetransmissionsThenTerminate(TransactionState.Completed, Timers.TimerD);
                    }

                    break;
                case TransactionState.Accepted:
                    deliver = response.IsSuccess;
                    break;
                case TransactionState.Completed:
                    // A retransmitted final response: ACK it again, tell nobody (§17.1.1.2).
                    sendAck = !response.IsProvisional && !response.IsSuccess;
                    break;
            }
        }

        if (sendAck && _ack is not null)
        {
            Send(_ack);
        }

        if (deliver)
        {
            Handler.OnResponse(this, response);
        }
    }

    private void ScheduleTimerA(TimeSpan interval)
    {
        StartTimer(interval, () =>
        {
            if (State != TransactionState.Calling)
            {
                return;
            }

            Send(Request);
            ScheduleTimerA(interval * 2);
        });
    }

    /// <summary>The ACK of RFC 3261 §17.1.1.3 for a 3xx–6xx: same branch, To from the response.</summary>
    private SipRequest CreateAckForFailure(SipResponse response)
    {
        var ack = new SipRequest(SipMethods.Ack, Request.RequestUri!);
        ack.Headers.Add(HeaderId.Via, Request.Headers.GetValues(HeaderId.Via)[0]);
        ack.Headers.Add(HeaderId.MaxForwards, "70");
        ack.Headers.Add(HeaderId.From, Request.Headers[HeaderId.From]!);
        ack.Headers.Add(HeaderId.To, response.Headers[HeaderId.To] ?? Request.Headers[HeaderId.To]!);
        ack.Headers.Add(HeaderId.CallId, Request.CallId!);
        ack.Headers.Add(HeaderId.CSeq, new CSeqHeader(Request.CSeq!.Value.Number, SipMethods.Ack).ToString());
        ack.Headers.CopyFrom(Request.Headers, HeaderId.Route);
        return ack;
    }
}
