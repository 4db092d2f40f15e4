using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>
/// The name a TLS server must prove for a request (RFC 5922 §4): the domain of the URI RFC 3263 resolved, that is
/// the first loose Route, else the Request-URI; never the SRV target the connection goes to. Does not open TLS
/// connections (see <see cref="TlsTransportTests"/>).
/// </summary>
public sealed class TlsHostTests
{
    [Fact]
    public void WithoutRouteItIsTheRequestUriDomain()
    {
        var request = new SipRequest(SipMethods.Register, SipUri.Parse("sips:example.test"));

        Assert.Equal("example.test", SipTransportLayer.TlsHostOf(request));
    }

    [Fact]
    public void WithALooseRouteItIsTheRouteDomain()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sips:bob@example.test"));
        request.Headers.Add(HeaderId.Route, "<sips:proxy.example.test;lr>");
        request.Headers.Add(HeaderId.Route, "<sips:other.example.test;lr>");

        Assert.Equal("proxy.example.test", SipTransportLayer.TlsHostOf(request));
    }

    [Fact]
    public void AStrictRouteLeavesTheRequestUri()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sips:bob@example.test"));
        request.Headers.Add(HeaderId.Route, "<sips:proxy.example.test>");

        Assert.Equal("example.test", SipTransportLayer.TlsHostOf(request));
    }
}
