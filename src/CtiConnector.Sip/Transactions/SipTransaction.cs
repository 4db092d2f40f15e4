using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transactions;

/// <summary>Common parts of the four transaction state machines: state, request, timers.</summary>
public abstract class SipTransaction
{
    private readonly List<ITimer> _timers = [];

    protected SipTransaction(TransactionLayer layer, SipRequest request, string key)
    {
        Layer = layer;
        Request = request;
        Key = key;
    }

    public SipRequest Request { get; }

    /// <summary>The matching key (branch and method, RFC 3261 §17.1.3 / §17.2.3).</summary>
    public string Key { get; }

    public TransactionState State { get; private set; }

    protected TransactionLayer Layer { get; }

    protected object Gate { get; } = new();

    protected SipTimerSettings Timers => Layer.Timers;

    /// <summary>True over TCP or TLS, where the transport retransmits and the transaction does not (RFC 3261 §17).</summary>
    protected abstract bool IsReliable { get; }

    protected void SetState(TransactionState state)
    {
        State = state;
        if (state == TransactionState.Terminated)
        {
            CancelTimers();
            Layer.Remove(this);
        }
    }

    /// <summary>
    /// Enters <paramref name="state"/> (Completed or Confirmed), where the transaction only absorbs retransmissions,
    /// and terminates once <paramref name="absorbFor"/> has passed: Timers D, I, J and K of RFC 3261 §17. Over a
    /// reliable transport there is nothing to absorb, so it terminates at once. Called holding <see cref="Gate"/>.
    /// </summary>
    protected void AbsorbRetransmissionsThenTerminate(TransactionState state, TimeSpan absorbFor)
    {
        SetState(state);
        StartTimer(IsReliable ? TimeSpan.Zero : absorbFor, Terminate);
    }

    protected void Terminate()
    {
        lock (Gate)
        {
            SetState(TransactionState.Terminated);
        }
    }

    protected void StartTimer(TimeSpan due, Action fire)
    {
        if (due <= TimeSpan.Zero)
        {
            fire();
            return;
        }

        // Created disarmed and armed only once it is in the list, so a short due time cannot fire before the
        // callback can find (and forget) its own timer.
        ITimer? timer = null;
        timer = Layer.Time.CreateTimer(
            _ =>
            {
                lock (Gate)
                {
                    if (!_timers.Remove(timer!))
                    {
                        return; // cancelled while already firing
                    }
                }

                timer!.Dispose();
                fire();
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        lock (Gate)
        {
            _timers.Add(timer);
        }

        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    protected void CancelTimers()
    {
        ITimer[] timers;
        lock (Gate)
        {
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
