using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transactions;

/// <summary>A server transaction: absorbs request retransmissions and sends (and retransmits) responses (RFC 3261 §17.2).</summary>
public abstract class ServerTransaction : SipTransaction
{
    protected ServerTransaction(TransactionLayer layer, SipRequest request, string key)
        : base(layer, request, key)
    {
    }

    /// <summary>The last response sent, or null.</summary>
    public SipResponse? LastResponse { get; protected set; }

    protected override bool IsReliable => Request.Source?.IsReliable ?? false;

    /// <summary>Sends a response; provisional ones may be followed by more, the final one ends the exchange.</summary>
    public abstract void SendResponse(SipResponse response);

    /// <summary>Builds and sends a response with <see cref="SipResponseFactory"/>.</summary>
    public SipResponse Respond(int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = SipResponseFactory.Create(Request, statusCode, reasonPhrase, toTag);
        SendResponse(response);
        return response;
    }

    internal abstract void OnRetransmission(SipRequest request);

    protected void Transmit(SipResponse response) => Layer.SendResponse(response);
}
