using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transactions;

/// <summary>
/// The INVITE server transaction of RFC 3261 §17.2.1 with the Accepted state of RFC 6026. A 2xx is
/// retransmitted here (T1 doubling to T2) until the ACK arrives or Timer L fires, so the user agent
/// only has to say that it got the ACK.
/// </summary>
public sealed class ServerInviteTransaction : ServerTransaction
{
    // Serialises what goes on the wire: a provisional response being resent for a retransmitted INVITE must not reach
    // the peer after the final response sent from another thread (a 180 after the 200 confuses callers). Taken
    // before Gate, never inside it.
    private readonly Lock _wire = new();

    internal ServerInviteTransaction(TransactionLayer layer, SipRequest request, string key)
        : base(layer, request, key)
    {
        SetState(TransactionState.Proceeding);
    }

    /// <summary>Raised once when a final response got no ACK in time (Timer H for 3xx–6xx, Timer L for 2xx).</summary>
    public event Action<ServerInviteTransaction>? AckTimedOut;

    /// <summary>True once a CANCEL matched this INVITE.</summary>
    public bool IsCancelled { get; internal set; }

    public override void SendResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_wire)
        {
            SendResponseInOrder(response);
        }
    }

    private void SendResponseInOrder(SipResponse response)
    {
        lock (Gate)
        {
            if (State != TransactionState.Proceeding)
            {
                return;
            }

            LastResponse = response;
            if (response.IsSuccess)
            {
                SetState(TransactionState.Accepted);
                if (!IsReliable)
                {
                    ScheduleRetransmit(Timers.T1);
                }

                StartTimer(Timers.Timeout64, () => Expire(acknowledged: false));
            }
            else if (!response.IsProvisional)
            {
                SetState(TransactionState.Completed);
                if (!IsReliable)
                {
                    ScheduleRetransmit(Timers.T1);
                }

                // Timer H.
                StartTimer(Timers.Timeout64, () => Expire(acknowledged: false));
            }
        }

        Transmit(response);
    }

    /// <summary>The ACK for our 2xx arrived (matched by the user agent's dialog): stop retransmitting.</summary>
    public void AcknowledgeSuccess()
    {
        lock (Gate)
        {
            if (State == TransactionState.Accepted)
            {
                SetState(TransactionState.Terminated);
            }
        }
    }

    internal void OnAck()
    {
        lock (Gate)
        {
            if (State == TransactionState.Completed)
            {
                // Stop retransmitting and Timer H; Timer I: absorb ACK retransmissions.
                CancelTimers();
                AbsorbRetransmissionsThenTerminate(TransactionState.Confirmed, Timers.T4);
            }
            else if (State == TransactionState.Accepted)
            {
                SetState(TransactionState.Terminated);
            }
        }
    }

    internal override void OnRetransmission(SipRequest request)
    {
        lock (_wire)
        {
            SipResponse? resend;
            lock (Gate)
            {
                resend = State is TransactionState.Proceeding or TransactionState.Completed or TransactionState.Accepted ? LastResponse : null;
            }

            if (resend is not null)
            {
                Transmit(resend);
            }
        }
    }

    private void ScheduleRetransmit(TimeSpan interval)
    {
        StartTimer(interval, () =>
        {
            lock (_wire)
            {
                SipResponse? resend;
                lock (Gate)
                {
                    resend = State is TransactionState.Completed or TransactionState.Accepted ? LastResponse : null;
                }

                if (resend is null)
                {
                    return;
                }

                Transmit(resend);
            }

            ScheduleRetransmit(TimeSpan.FromTicks(Math.Min((interval * 2).Ticks, Timers.T2.Ticks)));
        });
    }

    private void Expire(bool acknowledged)
    {
        bool timedOut;
        lock (Gate)
        {
            timedOut = !acknowledged && State is TransactionState.Completed or TransactionState.Accepted;
            SetState(TransactionState.Terminated);
        }

        if (timedOut)
        {
            AckTimedOut?.Invoke(this);
        }
    }
}
