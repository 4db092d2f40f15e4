using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Invite;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.UserAgent.Tests.Invite;

/// <summary>
/// The UAC side of an INVITE session over an in-memory transport and a manual clock, with the callee played by the
/// test. Verifies: an answer that arrives before the INVITE's send returns still establishes the call; with forking,
/// the first 2xx wins and every other 2xx is acknowledged then hung up. Does not verify: real sockets (see the sipp
/// tests in the telephony project).
/// </summary>
public sealed class OutgoingInviteTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    [Fact]
    public void AnAnswerThatOvertakesTheInviteSendStillEstablishesTheCall()
    {
        var (transport, session) = Start(invite => [Answer(invite, 180, "bob1"), Answer(invite, 200, "bob1")]);
        var ringing = 0;
        var established = 0;
        session.Ringing += (_, _, _) => ringing++;
        session.Established += _ => established++;

        Assert.True(session.StartOutgoing(out var error), error);

        Assert.Equal(1, ringing);
        Assert.Equal(1, established);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
        Assert.Equal("bob1", session.Dialog!.RemoteTag);
        var ack = Assert.Single(transport.Inner.SentRequests, r => r.Method == SipMethods.Ack);
        Assert.Equal("bob1", ack.ToTag);
        Assert.DoesNotContain(transport.Inner.SentRequests, r => r.Method == SipMethods.Bye);
    }

    [Fact]
    public void WithForkingTheFirstAnswerWinsAndTheOtherIsAcknowledgedThenHungUpOnce()
    {
        // fork-b's 2xx comes twice (a retransmission): it is acknowledged each time and hung up once.
        var (transport, session) = Start(invite => [Answer(invite, 200, "fork-a"), Answer(invite, 200, "fork-b"), Answer(invite, 200, "fork-b")]);
        var established = 0;
        session.Established += _ => established++;

        Assert.True(session.StartOutgoing(out var error), error);

        Assert.Equal(1, established);
        Assert.Equal("fork-a", session.Dialog!.RemoteTag);
        var acks = transport.Inner.SentRequests.Where(r => r.Method == SipMethods.Ack).ToList();
        Assert.Equal(["fork-a", "fork-b", "fork-b"], acks.Select(a => a.ToTag).Order(StringComparer.Ordinal));
        var bye = Assert.Single(transport.Inner.SentRequests, r => r.Method == SipMethods.Bye);
        Assert.Equal("fork-b", bye.ToTag);
        Assert.Equal(session.CallId, bye.CallId);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    private static (AnsweringTransport Transport, InviteSession Session) Start(Func<SipRequest, IReadOnlyList<SipResponse>> answer)
    {
        var transport = new AnsweringTransport(answer);
        var transactions = new TransactionLayer(transport, new ManualTimeProvider());
        var core = new UserAgentCore(transactions);
        var session = core.CreateOutgoing(new OutgoingCallOptions
        {
            Target = SipUri.Parse("sip:bob@127.0.0.1:5080"),
            From = new NameAddress(SipUri.Parse("sip:alice@127.0.0.1:5060")),
            SdpOffer = Offer,
        });
        return (transport, session);
    }

    private static SipResponse Answer(SipRequest invite, int status, string toTag)
    {
        var response = SipResponseFactory.Create(invite, status, null, toTag);
        response.Headers.Add(HeaderId.Contact, "<sip:bob@127.0.0.1:5080>");
        if (status == 200)
        {
            response.SetBody("application/sdp", System.Text.Encoding.UTF8.GetBytes(Offer.Replace("40000", "40002", StringComparison.Ordinal)));
        }

        return response;
    }
}
