using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Transactions;

/// <summary>A client transaction: sends a request and its retransmissions, and reports responses (RFC 3261 §17.1).</summary>
public abstract class ClientTransaction : SipTransaction
{
    protected ClientTransaction(TransactionLayer layer, SipRequest request, SipEndPoint destination, IClientTransactionHandler handler, string key)
        : base(layer, request, key)
    {
        Destination = destination;
        Handler = handler;
    }

    /// <summary>Where the request goes (resolved by the caller, RFC 3263).</summary>
    public SipEndPoint Destination { get; }

    /// <summary>The last response received, provisional or final.</summary>
    public SipResponse? LastResponse { get; protected set; }

    protected IClientTransactionHandler Handler { get; }

    protected override bool IsReliable => Destination.IsReliable;

    internal abstract void Start();

    internal abstract void OnResponse(SipResponse response);

    protected void Send(SipRequest request)
    {
        Layer.SendRequest(request, Destination, ex => Fail($"transport error: {ex.Message}", timedOut: false));
    }

    protected void Fail(string reason, bool timedOut)
    {
        lock (Gate)
        {
            if (State is TransactionState.Completed or TransactionState.Terminated or TransactionState.Accepted)
            {
                return;
            }

            SetState(TransactionState.Terminated);
        }

        Handler.OnFailure(this, reason, timedOut);
    }
}
