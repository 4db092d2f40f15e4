using System.Net;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>RFC 3263 decisions that need no DNS server (the DNS-backed ones are in <see cref="DnsmasqInteropTests"/>).</summary>
public class SipServerLocatorTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(1);

    private static Task<SipLocation> LocateAsync(FakeDnsResolver dns, string uri, TransportKind? preferred = null) =>
        new SipServerLocator(dns, new Random(1)).LocateAsync(SipUri.Parse(uri), preferred, CancellationToken.None);

    [Theory]
    [InlineData("sip:alice@192.0.2.10", TransportKind.Udp, 5060)]
    [InlineData("sip:alice@192.0.2.10:5070", TransportKind.Udp, 5070)]
    [InlineData("sip:192.0.2.10;transport=tcp", TransportKind.Tcp, 5060)]
    [InlineData("sip:192.0.2.10;transport=tls", TransportKind.Tls, 5061)]
    [InlineData("sips:192.0.2.10", TransportKind.Tls, 5061)]
    public async Task ANumericHostIsUsedAsItIsWithTheDefaultPortOfItsTransport(string uri, TransportKind transport, int port)
    {
        var dns = new FakeDnsResolver();

        var location = await LocateAsync(dns, uri);

        Assert.Equal([new SipEndPoint(transport, new IPEndPoint(IPAddress.Parse("192.0.2.10"), port))], location.Targets);
        Assert.Empty(dns.Questions);
    }

    [Fact]
    public async Task ANumericIpv6HostIsUsedAsItIs()
    {
        var dns = new FakeDnsResolver();

        var location = await LocateAsync(dns, "sip:[2001:db8::10]:5080");

        Assert.Equal([new SipEndPoint(TransportKind.Udp, new IPEndPoint(IPAddress.Parse("2001:db8::10"), 5080))], location.Targets);
        Assert.Empty(dns.Questions);
    }

    [Fact]
    public async Task TheAccountsTransportIsUsedForANumericHostWithoutTransportParameter()
    {
        var location = await LocateAsync(new FakeDnsResolver(), "sip:192.0.2.10", TransportKind.Tls);

        Assert.Equal([new SipEndPoint(TransportKind.Tls, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5061))], location.Targets);
    }

    [Fact]
    public async Task MaddrIsResolvedInsteadOfTheHost()
    {
        var location = await LocateAsync(new FakeDnsResolver(), "sip:alice@example.test;maddr=192.0.2.33");

        Assert.Equal([new SipEndPoint(TransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.33"), 5060))], location.Targets);
    }

    [Fact]
    public async Task AnExplicitPortAsksOnlyForAddresses()
    {
        var dns = new FakeDnsResolver().Add("example.test", DnsRecordType.A, new DnsAddressRecord("example.test", s_ttl, IPAddress.Parse("192.0.2.1")));

        await LocateAsync(dns, "sip:example.test:5080");

        Assert.Equal([("example.test", DnsRecordType.A), ("example.test", DnsRecordType.Aaaa)], dns.Questions);
    }

    [Fact]
    public async Task ANaptrWithAnUnknownServiceOrFlagIsIgnoredAndSrvIsAskedInstead()
    {
        var dns = new FakeDnsResolver()
            .Add("example.test", DnsRecordType.Naptr,
                new DnsNaptrRecord("example.test", s_ttl, 10, 10, "S", "SIP+D2S", string.Empty, "_sip._sctp.example.test"),
                new DnsNaptrRecord("example.test", s_ttl, 10, 20, "U", "SIP+D2U", "!^.*$!sip:x@example.test!", string.Empty))
            .Add("_sip._tcp.example.test", DnsRecordType.Srv, new DnsSrvRecord("_sip._tcp.example.test", s_ttl, 0, 0, 5062, "tcp.example.test"))
            .Add("tcp.example.test", DnsRecordType.A, new DnsAddressRecord("tcp.example.test", s_ttl, IPAddress.Parse("192.0.2.2")));

        var location = await LocateAsync(dns, "sip:example.test");

        Assert.Equal([new SipEndPoint(TransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.2"), 5062))], location.Targets);
        Assert.DoesNotContain(("_sip._sctp.example.test", DnsRecordType.Srv), dns.Questions);
    }

    [Fact]
    public async Task ASrvTargetOfDotMeansTheServiceIsNotOfferedThere()
    {
        var dns = new FakeDnsResolver()
            .Add("_sip._udp.example.test", DnsRecordType.Srv, new DnsSrvRecord("_sip._udp.example.test", s_ttl, 0, 0, 0, string.Empty))
            .Add("example.test", DnsRecordType.A, new DnsAddressRecord("example.test", s_ttl, IPAddress.Parse("192.0.2.3")));

        var location = await LocateAsync(dns, "sip:example.test");

        Assert.Equal([new SipEndPoint(TransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.3"), 5060))], location.Targets);
    }

    [Fact]
    public async Task AnAddressReachedThroughTwoRecordsIsListedOnce()
    {
        var dns = new FakeDnsResolver()
            .Add("_sip._udp.example.test", DnsRecordType.Srv,
                new DnsSrvRecord("_sip._udp.example.test", s_ttl, 0, 0, 5060, "a.example.test"),
                new DnsSrvRecord("_sip._udp.example.test", s_ttl, 1, 0, 5060, "b.example.test"))
            .Add("a.example.test", DnsRecordType.A, new DnsAddressRecord("a.example.test", s_ttl, IPAddress.Parse("192.0.2.4")))
            .Add("b.example.test", DnsRecordType.A, new DnsAddressRecord("b.example.test", s_ttl, IPAddress.Parse("192.0.2.4")));

        var location = await LocateAsync(dns, "sip:example.test");

        Assert.Single(location.Targets);
    }

    [Fact]
    public async Task AnUnreachableResolverEndsTheSearchAfterTheFirstQuestionWithItsReason()
    {
        var dns = new FakeDnsResolver { Always = DnsResult.Failure(DnsQueryStatus.Timeout, "127.0.0.1:53 did not answer") };

        var location = await LocateAsync(dns, "sip:example.test");

        Assert.False(location.Found);
        Assert.Single(dns.Questions);
        Assert.Contains("did not answer", location.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameWithNoRecordsAtAllIsNotFoundWithAReason()
    {
        var location = await LocateAsync(new FakeDnsResolver(), "sip:nobody.example.test");

        Assert.Empty(location.Targets);
        Assert.Equal("no DNS record for nobody.example.test", location.Failure);
    }

    [Fact]
    public async Task ATelUriIsNotLocated()
    {
        var location = await LocateAsync(new FakeDnsResolver(), "tel:+33123456789");

        Assert.False(location.Found);
        Assert.NotNull(location.Failure);
    }
}
