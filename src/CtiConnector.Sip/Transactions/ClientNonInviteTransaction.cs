using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Transactions;

/// <summary>The non-INVITE client transaction of RFC 3261 §17.1.2 (REGISTER, BYE, CANCEL, OPTIONS, REFER...).</summary>
public sealed class ClientNonInviteTransaction : ClientTransaction
{
    internal ClientNonInviteTransaction(TransactionLayer layer, SipRequest request, SipEndPoint destination, IClientTransactionHandler handler, string key)
        : base(layer, request, destination, handler, key)
    {
    }

    internal override void Start()
    {
        lock (Gate)
        {
            SetState(TransactionState.Trying);
        }

        Send(Request);
        if (!IsReliable)
        {
            ScheduleTimerE(Timers.T1);
        }

        // Timer F.
        StartTimer(Timers.Timeout64, () =>
        {
            if (State is TransactionState.Trying or TransactionState.Proceeding)
            {
                Fail("no response (timer F)", timedOut: true);
            }
        });
    }

    internal override void OnResponse(SipResponse response)
    {
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
                // Timer K: absorb retransmitted responses, then forget.
                AbsorbRetransmissionsThenTerminate(TransactionState.Completed, Timers.T4);
            }
        }

        Handler.OnResponse(this, response);
    }

    private void ScheduleTimerE(TimeSpan interval)
    {
        StartTimer(interval, () =>
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
            {
                return;
            }

            Send(Request);

            // §17.1.2.2: doubling up to T2 while Trying; T2 once Proceeding.
            var next = State == TransactionState.Proceeding ? Timers.T2 : TimeSpan.FromTicks(Math.Min((interval * 2).Ticks, Timers.T2.Ticks));
            ScheduleTimerE(next);
        });
    }
}
