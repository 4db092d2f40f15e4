using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>The smallest transaction user: OPTIONS gets 200 with Allow and Accept, anything else 501.</summary>
internal sealed class OptionsAnsweringUser : ITransactionUser
{
    private int _answered;

    public int Answered => Volatile.Read(ref _answered);

    public void OnRequest(ServerTransaction transaction)
    {
        if (transaction.Request.Method != SipMethods.Options)
        {
            transaction.Respond(501);
            return;
        }

        // RFC 3261 §11.2: the answer to OPTIONS lists what we can do.
        var response = SipResponseFactory.Create(transaction.Request, 200);
        response.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
        response.Headers.Add(HeaderId.Accept, "application/sdp");
        transaction.SendResponse(response);
        Interlocked.Increment(ref _answered);
    }

    public void OnAck(SipRequest ack)
    {
    }

    public void OnCancelled(ServerInviteTransaction invite, SipRequest cancel)
    {
    }

    public void OnStrayResponse(SipResponse response)
    {
    }
}
