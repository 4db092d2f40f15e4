using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>Requests as a user agent at 127.0.0.1:5060 would send them to a peer at 127.0.0.1:5080.</summary>
internal static class TestMessages
{
    public static SipRequest Request(string method, string transport = "UDP", string? branch = null, long cseq = 1, string? callId = null)
    {
        var request = new SipRequest(method, SipUri.Parse("sip:bob@127.0.0.1:5080"));
        request.Headers.Add(HeaderId.Via, $"SIP/2.0/{transport} 127.0.0.1:5060;branch={branch ?? SipIdentifiers.NewBranch()};rport");
        request.Headers.Add(HeaderId.Route, "<sip:127.0.0.1:5090;lr>");
        request.Headers.Add(HeaderId.MaxForwards, "70");
        request.Headers.Add(HeaderId.From, "\"Alice\" <sip:alice@127.0.0.1>;tag=a1b2c3");
        request.Headers.Add(HeaderId.To, "<sip:bob@127.0.0.1>");
        request.Headers.Add(HeaderId.CallId, callId ?? "call-" + SipIdentifiers.NewCallId());
        request.Headers.Add(HeaderId.CSeq, new CSeqHeader(cseq, method).ToString());
        request.Headers.Add(HeaderId.Contact, "<sip:alice@127.0.0.1:5060>");
        return request;
    }

    /// <summary>A response as the peer would send it (a To tag is added to non-100 responses).</summary>
    public static SipResponse Response(SipRequest request, int status, string? toTag = "bobtag") =>
        SipResponseFactory.Create(request, status, null, toTag);

    /// <summary>The CANCEL a caller sends for <paramref name="invite"/> (RFC 3261 §9.1: same branch, CSeq number).</summary>
    public static SipRequest CancelFor(SipRequest invite)
    {
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUri!);
        cancel.Headers.Add(HeaderId.Via, invite.Headers.GetValues(HeaderId.Via)[0]);
        cancel.Headers.Add(HeaderId.MaxForwards, "70");
        cancel.Headers.Add(HeaderId.From, invite.Headers[HeaderId.From]!);
        cancel.Headers.Add(HeaderId.To, invite.Headers[HeaderId.To]!);
        cancel.Headers.Add(HeaderId.CallId, invite.CallId!);
        cancel.Headers.Add(HeaderId.CSeq, new CSeqHeader(invite.CSeq!.Value.Number, SipMethods.Cancel).ToString());
        return cancel;
    }

    /// <summary>The ACK for a non-2xx final response: same branch as the INVITE (RFC 3261 §17.1.1.3).</summary>
    public static SipRequest AckFor(SipRequest invite, SipResponse final)
    {
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri!);
        ack.Headers.Add(HeaderId.Via, invite.Headers.GetValues(HeaderId.Via)[0]);
        ack.Headers.Add(HeaderId.MaxForwards, "70");
        ack.Headers.Add(HeaderId.From, invite.Headers[HeaderId.From]!);
        ack.Headers.Add(HeaderId.To, final.Headers[HeaderId.To]!);
        ack.Headers.Add(HeaderId.CallId, invite.CallId!);
        ack.Headers.Add(HeaderId.CSeq, new CSeqHeader(invite.CSeq!.Value.Number, SipMethods.Ack).ToString());
        return ack;
    }
}
