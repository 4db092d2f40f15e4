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
        Assert.True(SipTargetResolver.TryResolve(SipUri.Parse(text), out var destination, out var error), error);

        Assert.Equal(transport, destination.Transport);
        Assert.Equal(port, destination.EndPoint.Port);
    }
}
