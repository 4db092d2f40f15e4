using System.Net;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Invite;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.UserAgent.Tests.Invite;

/// <summary>
/// A call of an account behind a NAT carries the account's public Contact (learned from its registrar's
/// <c>received</c>/<c>rport</c> or from STUN) in the INVITE and in the re-INVITEs that refresh the dialog's target; without one, the
/// socket's own address. In-memory transport; the callee is played by the test.
/// </summary>
public sealed class NatContactInviteTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

    [Fact]
    public async Task ThePublicContactGoesInTheInviteAndTheReInvite()
    {
        var (transport, session) = Start(IPEndPoint.Parse("203.0.113.5:40123"));

        Assert.True(session.StartOutgoing(out var error), error);
        await session.ReinviteAsync(Offer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var invites = transport.Inner.SentRequests.Where(r => r.Method == SipMethods.Invite).DistinctBy(r => r.TopVia!.Branch).ToList();
        Assert.Equal(2, invites.Count);
        Assert.All(invites, invite => Assert.Equal("<sip:cti@203.0.113.5:40123>", invite.Headers[HeaderId.Contact]));
    }

    [Fact]
    public void WithoutOneTheSocketsAddressIsUsed()
    {
        var (transport, session) = Start(null);

        Assert.True(session.StartOutgoing(out var error), error);

        var invite = Assert.Single(transport.Inner.SentRequests, r => r.Method == SipMethods.Invite);
        Assert.Equal("<sip:cti@127.0.0.1:5060>", invite.Headers[HeaderId.Contact]);
    }

    private static (AnsweringTransport Transport, InviteSession Session) Start(IPEndPoint? contact)
    {
        var transport = new AnsweringTransport(invite =>
        {
            var ok = SipResponseFactory.Create(invite, 200, null, "bob1");
            ok.Headers.Add(HeaderId.Contact, "<sip:bob@127.0.0.1:5080>");
            ok.SetBody("application/sdp", System.Text.Encoding.UTF8.GetBytes(Offer));
            return [ok];
        });
        var core = new UserAgentCore(new TransactionLayer(transport, new ManualTimeProvider()));
        var session = core.CreateOutgoing(new OutgoingCallOptions
        {
            Target = SipUri.Parse("sip:bob@127.0.0.1:5080"),
            From = new NameAddress(SipUri.Parse("sip:alice@127.0.0.1:5060")),
            SdpOffer = Offer,
            ContactEndPoint = contact,
        });
        return (transport, session);
    }
}
