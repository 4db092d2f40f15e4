using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Invite;
using CtiConnector.Sip.UserAgent.Tests.Core;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.UserAgent.Tests.Invite;

/// <summary>
/// An outgoing call to a callee whose domain has two SRV targets, over in-memory DNS, transport and clock: the INVITE
/// goes to the best priority first and, on a 503 or no answer, to the next as a new transaction (RFC 3263 §4.3); a
/// name with no record ends the call with the reason. Does not verify real DNS or servers (see the telephony tests).
/// </summary>
public sealed class InviteFailoverTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    [Fact]
    public void A503FromTheFirstTargetSendsTheInviteToTheNext()
    {
        var (transport, _, session) = Start("sip:bob@example.test", (invite, n) => n == 1 ? [Answer(invite, 503)] : [Answer(invite, 200)]);

        Assert.True(session.StartOutgoing(out var error), error);

        var invites = Invites(transport);
        Assert.Equal(["127.0.0.1:5081", "127.0.0.2:5082"], invites.Select(i => i.Destination));
        Assert.NotEqual(invites[0].Request.TopVia!.Branch, invites[1].Request.TopVia!.Branch);
        Assert.Equal("sip:bob@example.test", invites[1].Request.RequestUriText);
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    [Fact]
    public void NoAnswerFromTheFirstTargetSendsTheInviteToTheNextAfterTimerB()
    {
        var (transport, time, session) = Start("sip:bob@example.test", (invite, n) => n == 1 ? [] : [Answer(invite, 200)]);
        Assert.True(session.StartOutgoing(out var error), error);
        Assert.Single(Invites(transport).DistinctBy(i => i.Request.TopVia!.Branch));

        time.Advance(SipTimerSettings.Default.Timeout64 + TimeSpan.FromSeconds(1));

        var invites = Invites(transport).DistinctBy(i => i.Request.TopVia!.Branch).ToList();
        Assert.Equal(["127.0.0.1:5081", "127.0.0.2:5082"], invites.Select(i => i.Destination));
        Assert.Equal(InviteSessionState.Confirmed, session.State);
    }

    [Fact]
    public void A486DoesNotFailOver()
    {
        var (transport, _, session) = Start("sip:bob@example.test", (invite, _) => [Answer(invite, 486)]);

        Assert.True(session.StartOutgoing(out var error), error);

        Assert.Single(Invites(transport));
        Assert.Equal(486, session.End!.StatusCode);
    }

    [Fact]
    public void ACalleeDomainWithNoRecordEndsTheCallWithTheReason()
    {
        var (transport, _, session) = Start("sip:bob@nowhere.example.test", (invite, _) => [Answer(invite, 200)]);

        Assert.False(session.StartOutgoing(out var error));

        Assert.Equal("no DNS record for nowhere.example.test", error);
        Assert.Empty(Invites(transport));
        Assert.Equal(SessionEndCause.Failed, session.End!.Cause);
    }

    private static List<(SipRequest Request, string Destination)> Invites(AnsweringTransport transport) =>
        [.. transport.Inner.Sent
            .Where(s => s.Message is SipRequest { Method: SipMethods.Invite })
            .Select(s => ((SipRequest)s.Message, s.Destination!.Value.EndPoint.ToString()))];

    private static (AnsweringTransport Transport, ManualTimeProvider Time, InviteSession Session) Start(string target, Func<SipRequest, int, IReadOnlyList<SipResponse>> answer)
    {
        var dns = new FakeDns()
            .Srv("_sip._udp.example.test", "sip1.example.test", 5081, priority: 10)
            .Srv("_sip._udp.example.test", "sip2.example.test", 5082, priority: 20)
            .A("sip1.example.test", "127.0.0.1")
            .A("sip2.example.test", "127.0.0.2");
        // Numbered by transaction (branch), so a retransmission of the first INVITE is still "1".
        var branches = new List<string>();
        var transport = new AnsweringTransport(invite =>
        {
            var branch = invite.TopVia!.Branch!;
            if (!branches.Contains(branch))
            {
                branches.Add(branch);
            }

            return answer(invite, branches.IndexOf(branch) + 1);
        });
        var time = new ManualTimeProvider();
        var core = new UserAgentCore(new TransactionLayer(transport, time), resolver: new SipTargetResolver(dns));
        var session = core.CreateOutgoing(new OutgoingCallOptions
        {
            Target = SipUri.Parse(target),
            From = new NameAddress(SipUri.Parse("sip:alice@example.test")),
            SdpOffer = Offer,
        });
        return (transport, time, session);
    }

    private static SipResponse Answer(SipRequest invite, int status)
    {
        var response = SipResponseFactory.Create(invite, status, null, "bob");
        response.Headers.Add(HeaderId.Contact, "<sip:bob@127.0.0.2:5082>");
        if (status == 200)
        {
            response.SetBody("application/sdp", System.Text.Encoding.UTF8.GetBytes(Offer.Replace("40000", "40002", StringComparison.Ordinal)));
        }

        return response;
    }
}
