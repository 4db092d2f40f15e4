using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Testing.SipDoubles;

namespace CtiConnector.Sip.UserAgent.Tests.Core;

/// <summary>
/// Where requests go (RFC 3263 §4) over an in-memory DNS: numeric hosts untouched, the defaults, the SRV order,
/// targets the local transport cannot use left out, and in-dialog host names from the last lookup. Does not verify a
/// real DNS server (see the dnsmasq tests).
/// </summary>
public sealed class SipTargetResolverDnsTests
{
    private static FakeDns Dns() => new FakeDns()
        .Srv("_sip._udp.example.test", "sip2.example.test", 5082, priority: 20)
        .Srv("_sip._udp.example.test", "sip1.example.test", 5081, priority: 10)
        .A("sip1.example.test", "127.0.0.1")
        .A("sip2.example.test", "127.0.0.2")
        .A("tls.example.test", "127.0.0.3");

    [Theory]
    [InlineData("sip:bob@192.0.2.7", null, "192.0.2.7:5060 (UDP)")]
    [InlineData("sip:bob@192.0.2.7", TransportKind.Tcp, "192.0.2.7:5060 (TCP)")]
    [InlineData("sips:bob@192.0.2.7", null, "192.0.2.7:5061 (TLS)")]
    [InlineData("sip:bob@192.0.2.7:5070;transport=tcp", TransportKind.Udp, "192.0.2.7:5070 (TCP)")]
    [InlineData("sip:bob@localhost:5070", null, "127.0.0.1:5070 (UDP)")]
    [InlineData("sips:bob@192.0.2.7;transport=udp", null, "192.0.2.7:5061 (TLS)")]
    public async Task ANumericHostIsUsedAsItIsWithoutAskingDns(string uri, TransportKind? preferred, string expected)
    {
        var dns = Dns();

        var location = await new SipTargetResolver(dns).ResolveAsync(SipUri.Parse(uri), preferred, null, CancellationToken.None);

        Assert.Equal(expected, Assert.Single(location.Targets).ToString());
        Assert.Empty(dns.Questions);
    }

    [Fact]
    public async Task AHostNameGivesItsSrvTargetsInPriorityOrder()
    {
        var location = await new SipTargetResolver(Dns()).ResolveAsync(SipUri.Parse("sip:bob@example.test"), null, null, CancellationToken.None);

        Assert.Equal(["127.0.0.1:5081 (UDP)", "127.0.0.2:5082 (UDP)"], location.Targets.Select(t => t.ToString()));
    }

    [Fact]
    public async Task ATargetOverATransportWeDoNotListenOnIsLeftOutWithAReasonWhenNothingRemains()
    {
        var location = await new SipTargetResolver(Dns()).ResolveAsync(SipUri.Parse("sips:bob@tls.example.test"), null, new UdpOnly(), CancellationToken.None);

        Assert.False(location.Found);
        Assert.Equal("tls.example.test is reached over TLS, which this agent does not listen on", location.Failure);
    }

    [Fact]
    public void AnInDialogHostNameUsesTheLastLookupAndStartsOneWhenThereWasNone()
    {
        var resolver = new SipTargetResolver(Dns());
        var hop = SipUri.Parse("sip:example.test;lr");

        Assert.False(resolver.TryResolveNow(hop, out _, out var error));
        Assert.Equal("example.test has not been looked up in DNS yet", error);

        // The in-memory DNS answers at once, so the lookup started above is already done.
        Assert.True(resolver.TryResolveNow(hop, out var destination, out _));
        Assert.Equal("127.0.0.1:5081 (UDP)", destination.ToString());
    }

    /// <summary>A transport that listens on UDP only.</summary>
    private sealed class UdpOnly : Sip.Transport.ISipTransport
    {
        private readonly InMemoryTransport _inner = new();

        public void SetSink(Sip.Transport.ISipMessageSink sink) => _inner.SetSink(sink);

        public SipEndPoint? GetLocalEndPoint(TransportKind transport) => transport == TransportKind.Udp ? _inner.GetLocalEndPoint(transport) : null;

        public ValueTask SendRequestAsync(SipRequest request, SipEndPoint destination, CancellationToken cancellationToken) =>
            _inner.SendRequestAsync(request, destination, cancellationToken);

        public ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken) =>
            _inner.SendResponseAsync(response, cancellationToken);
    }
}
