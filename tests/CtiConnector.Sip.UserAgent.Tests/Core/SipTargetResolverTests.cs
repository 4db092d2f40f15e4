using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Core;

namespace CtiConnector.Sip.UserAgent.Tests.Core;

/// <summary>Where a URI is sent without DNS: the transport its scheme and parameters select, and the default ports.</summary>
public sealed class SipTargetResolverTests
{
    [Theory]
    [InlineData("sips:bob@127.0.0.1", TransportKind.Tls, 5061)]
    [InlineData("sips:bob@127.0.0.1:5070;transport=udp", TransportKind.Tls, 5070)]
    [InlineData("sips:bob@127.0.0.1;transport=tcp", TransportKind.Tls, 5061)]
    [InlineData("sip:bob@127.0.0.1;transport=tls", TransportKind.Tls, 5061)]
    [InlineData("sip:bob@127.0.0.1;transport=tcp", TransportKind.Tcp, 5060)]
    [InlineData("sip:bob@127.0.0.1", TransportKind.Udp, 5060)]
    public void ASipsUriIsAlwaysReachedOverTls(string text, TransportKind transport, int port)
    {
        Assert.True(SipTargetResolver.TryResolveNumeric(SipUri.Parse(text), preferredTransport: null, out var destination, out var error), error);

        Assert.Equal(transport, destination.Transport);
        Assert.Equal(port, destination.EndPoint.Port);
    }

    [Theory]
    [InlineData("sip:bob@127.0.0.1", TransportKind.Tcp, TransportKind.Tcp, 5060)]
    [InlineData("sip:bob@127.0.0.1;transport=udp", TransportKind.Tcp, TransportKind.Udp, 5060)]
    [InlineData("sips:bob@127.0.0.1", TransportKind.Udp, TransportKind.Tls, 5061)]
    public void APreferredTransportOnlyFillsInWhatTheUriLeavesOpen(string text, TransportKind preferred, TransportKind transport, int port)
    {
        Assert.True(SipTargetResolver.TryResolveNumeric(SipUri.Parse(text), preferred, out var destination, out var error), error);

        Assert.Equal(transport, destination.Transport);
        Assert.Equal(port, destination.EndPoint.Port);
    }

    [Fact]
    public void AHostNameIsLeftToDnsWithoutAnError()
    {
        Assert.False(SipTargetResolver.TryResolveNumeric(SipUri.Parse("sip:bob@sip.example.test"), null, out _, out var error));

        Assert.Null(error);
    }

    [Fact]
    public void AnUnknownTransportIsRefusedWithTheReason()
    {
        Assert.False(SipTargetResolver.TryResolveNumeric(SipUri.Parse("sip:bob@127.0.0.1;transport=sctp"), null, out _, out var error));

        Assert.Contains("sctp", error, StringComparison.Ordinal);
    }
}
