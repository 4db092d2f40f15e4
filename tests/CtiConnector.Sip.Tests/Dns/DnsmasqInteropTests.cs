using System.Net;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>
/// Verifies the DNS client and the RFC 3263 locator against a real dnsmasq started on 127.0.0.1 on a free port,
/// serving only example.test records: A, CNAME, SRV priority and weight, NAPTR order and preference, the defaults
/// without NAPTR or SRV, TTL caching on a manual clock, and the failover order a caller walks.
/// Does not verify: AAAA records (loopback only has 127.0.0.1 for the peers), TCP fallback on truncation (dnsmasq
/// answers these small sets over UDP), or failover against a real SIP server (that belongs with the transport wiring).
/// No query goes anywhere but the dnsmasq port: every client here has only that server and no system fallback.
/// A missing dnsmasq fails these tests (see <see cref="PeerBinary"/>).
/// </summary>
public class DnsmasqInteropTests
{
    private static DnsClient ClientFor(Dnsmasq dns, TimeProvider? time = null) =>
        new(new DnsClientOptions { Servers = [dns.EndPoint], UseSystemServers = false, Timeout = TimeSpan.FromSeconds(10) }, time);

    private static IPEndPoint Loopback(byte last, int port) => new(new IPAddress([127, 0, 0, last]), port);

    [Fact]
    public async Task AnARecordIsAnsweredWithItsTtl()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.1")], ttlSeconds: 90);

        var result = await ClientFor(dns).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        var record = Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records));
        Assert.Equal((IPAddress.Loopback, TimeSpan.FromSeconds(90)), (record.Address, record.TimeToLive));
    }

    [Fact]
    public async Task ACnameIsFollowedToTheAddress()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.3"), Dnsmasq.Cname("alias.example.test", "sip1.example.test")]);

        var result = await ClientFor(dns).QueryAsync("alias.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.3"), result.Records.OfType<DnsAddressRecord>().Single().Address);
    }

    [Fact]
    public async Task AnUnknownNameIsNameNotFoundAndAMissingTypeIsNoRecords()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.1")]);
        var client = ClientFor(dns);

        var unknown = await client.QueryAsync("nobody.example.test", DnsRecordType.A, CancellationToken.None);
        var noIpv6 = await client.QueryAsync("sip1.example.test", DnsRecordType.Aaaa, CancellationToken.None);

        Assert.Equal((DnsQueryStatus.NameNotFound, DnsQueryStatus.NoRecords), (unknown.Status, noIpv6.Status));
    }

    [Fact]
    public async Task SrvAndNaptrRecordsComeBackWithTheirFields()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("sip1.example.test", "127.0.0.1"),
            Dnsmasq.Srv("_sip._tcp.example.test", "sip1.example.test", 5070, priority: 10, weight: 40),
            Dnsmasq.Naptr("example.test", 50, 60, "SIP+D2T", "_sip._tcp.example.test"),
        ]);
        var client = ClientFor(dns);

        var srv = await client.QueryAsync("_sip._tcp.example.test", DnsRecordType.Srv, CancellationToken.None);
        var naptr = await client.QueryAsync("example.test", DnsRecordType.Naptr, CancellationToken.None);

        var s = srv.Records.OfType<DnsSrvRecord>().Single();
        Assert.Equal(((ushort)10, (ushort)40, (ushort)5070, "sip1.example.test"), (s.Priority, s.Weight, s.Port, s.Target));
        var n = naptr.Records.OfType<DnsNaptrRecord>().Single();
        Assert.Equal(((ushort)50, (ushort)60, "SIP+D2T", "_sip._tcp.example.test"), (n.Order, n.Preference, n.Services, n.Replacement));
    }

    [Fact]
    public async Task NaptrPreferenceDecidesTheTransportOrder()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("udp.example.test", "127.0.0.1"),
            Dnsmasq.Host("tcp.example.test", "127.0.0.2"),
            Dnsmasq.Srv("_sip._udp.example.test", "udp.example.test", 5060, priority: 0, weight: 0),
            Dnsmasq.Srv("_sip._tcp.example.test", "tcp.example.test", 5062, priority: 0, weight: 0),
            Dnsmasq.Naptr("example.test", 10, 20, "SIP+D2U", "_sip._udp.example.test"),
            Dnsmasq.Naptr("example.test", 10, 10, "SIP+D2T", "_sip._tcp.example.test"),
        ]);
        var locator = new SipServerLocator(ClientFor(dns));

        var location = await locator.LocateAsync(SipUri.Parse("sip:example.test"), null, CancellationToken.None);

        Assert.Equal(
            [new SipEndPoint(TransportKind.Tcp, Loopback(2, 5062)), new SipEndPoint(TransportKind.Udp, Loopback(1, 5060))],
            location.Targets);
    }

    [Fact]
    public async Task ASipsUriOnlyFollowsTheSipsNaptr()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("udp.example.test", "127.0.0.1"),
            Dnsmasq.Host("tls.example.test", "127.0.0.4"),
            Dnsmasq.Srv("_sip._udp.example.test", "udp.example.test", 5060, priority: 0, weight: 0),
            Dnsmasq.Srv("_sips._tcp.example.test", "tls.example.test", 5071, priority: 0, weight: 0),
            Dnsmasq.Naptr("example.test", 10, 10, "SIP+D2U", "_sip._udp.example.test"),
            Dnsmasq.Naptr("example.test", 20, 10, "SIPS+D2T", "_sips._tcp.example.test"),
        ]);

        var location = await new SipServerLocator(ClientFor(dns)).LocateAsync(SipUri.Parse("sips:example.test"), null, CancellationToken.None);

        Assert.Equal([new SipEndPoint(TransportKind.Tls, Loopback(4, 5071))], location.Targets);
    }

    [Fact]
    public async Task SrvPriorityGoesAscendingWithoutNaptr()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("backup.example.test", "127.0.0.5"),
            Dnsmasq.Host("primary.example.test", "127.0.0.6"),
            Dnsmasq.Srv("_sip._udp.example.test", "backup.example.test", 5090, priority: 20, weight: 100),
            Dnsmasq.Srv("_sip._udp.example.test", "primary.example.test", 5080, priority: 10, weight: 1),
        ]);

        var location = await new SipServerLocator(ClientFor(dns)).LocateAsync(SipUri.Parse("sip:alice@example.test"), null, CancellationToken.None);

        Assert.Equal(
            [new SipEndPoint(TransportKind.Udp, Loopback(6, 5080)), new SipEndPoint(TransportKind.Udp, Loopback(5, 5090))],
            location.Targets);
    }

    [Fact]
    public async Task WithinOnePriorityTheHeavierSrvTargetComesFirstMostOfTheTime()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("heavy.example.test", "127.0.0.7"),
            Dnsmasq.Host("light.example.test", "127.0.0.8"),
            Dnsmasq.Srv("_sip._udp.example.test", "heavy.example.test", 5060, priority: 0, weight: 90),
            Dnsmasq.Srv("_sip._udp.example.test", "light.example.test", 5060, priority: 0, weight: 10),
        ]);
        var locator = new SipServerLocator(ClientFor(dns), new Random(42));
        var heavyFirst = 0;

        for (var i = 0; i < 400; i++)
        {
            var location = await locator.LocateAsync(SipUri.Parse("sip:example.test"), null, CancellationToken.None);
            Assert.Equal(2, location.Targets.Count);
            heavyFirst += location.Targets[0].EndPoint.Address.Equals(new IPAddress([127, 0, 0, 7])) ? 1 : 0;
        }

        // Expected 90 %; a seeded Random keeps this exact run reproducible.
        Assert.InRange(heavyFirst, 320, 390);
    }

    [Fact]
    public async Task WithoutNaptrOrSrvTheHostIsUsedOnUdp5060OrTls5061()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("plain.example.test", "127.0.0.9")]);
        var locator = new SipServerLocator(ClientFor(dns));

        var sip = await locator.LocateAsync(SipUri.Parse("sip:plain.example.test"), null, CancellationToken.None);
        var sips = await locator.LocateAsync(SipUri.Parse("sips:plain.example.test"), null, CancellationToken.None);
        var tcp = await locator.LocateAsync(SipUri.Parse("sip:plain.example.test"), TransportKind.Tcp, CancellationToken.None);

        Assert.Equal([new SipEndPoint(TransportKind.Udp, Loopback(9, 5060))], sip.Targets);
        Assert.Equal([new SipEndPoint(TransportKind.Tls, Loopback(9, 5061))], sips.Targets);
        Assert.Equal([new SipEndPoint(TransportKind.Tcp, Loopback(9, 5060))], tcp.Targets);
    }

    [Fact]
    public async Task AnExplicitPortSkipsNaptrAndSrv()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("example.test", "127.0.0.10"),
            Dnsmasq.Host("other.example.test", "127.0.0.11"),
            Dnsmasq.Srv("_sip._udp.example.test", "other.example.test", 5080, priority: 0, weight: 0),
        ]);

        var location = await new SipServerLocator(ClientFor(dns)).LocateAsync(SipUri.Parse("sip:example.test:5999"), null, CancellationToken.None);

        Assert.Equal([new SipEndPoint(TransportKind.Udp, Loopback(10, 5999))], location.Targets);
    }

    [Fact]
    public async Task ATransportParameterAsksTheSrvOfThatTransport()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("udp.example.test", "127.0.0.1"),
            Dnsmasq.Host("tcp.example.test", "127.0.0.2"),
            Dnsmasq.Srv("_sip._udp.example.test", "udp.example.test", 5060, priority: 0, weight: 0),
            Dnsmasq.Srv("_sip._tcp.example.test", "tcp.example.test", 5062, priority: 0, weight: 0),
        ]);

        var location = await new SipServerLocator(ClientFor(dns)).LocateAsync(SipUri.Parse("sip:example.test;transport=tcp"), null, CancellationToken.None);

        Assert.Equal([new SipEndPoint(TransportKind.Tcp, Loopback(2, 5062))], location.Targets);
    }

    [Fact]
    public async Task WithoutNaptrEveryTransportsSrvIsAskedPreferredFirst()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("udp.example.test", "127.0.0.1"),
            Dnsmasq.Host("tcp.example.test", "127.0.0.2"),
            Dnsmasq.Srv("_sip._udp.example.test", "udp.example.test", 5060, priority: 0, weight: 0),
            Dnsmasq.Srv("_sip._tcp.example.test", "tcp.example.test", 5062, priority: 0, weight: 0),
        ]);
        var locator = new SipServerLocator(ClientFor(dns));

        var noPreference = await locator.LocateAsync(SipUri.Parse("sip:example.test"), null, CancellationToken.None);
        var tcpPreferred = await locator.LocateAsync(SipUri.Parse("sip:example.test"), TransportKind.Tcp, CancellationToken.None);

        Assert.Equal([TransportKind.Udp, TransportKind.Tcp], noPreference.Targets.Select(t => t.Transport));
        Assert.Equal([TransportKind.Tcp, TransportKind.Udp], tcpPreferred.Targets.Select(t => t.Transport));
    }

    [Fact]
    public async Task AnswersAreCachedUntilTheirTtlRunsOutOnTheInjectedClock()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.1")], ttlSeconds: 30);
        var clock = new ManualTimeProvider();
        var client = ClientFor(dns, clock);
        var first = await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        // Same port, new data: only a real query can see it.
        await dns.RestartAsync([Dnsmasq.Host("sip1.example.test", "127.0.0.2")]);
        clock.Advance(TimeSpan.FromSeconds(29));
        var cached = await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.1"), first.Records.OfType<DnsAddressRecord>().Single().Address);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), cached.Records.OfType<DnsAddressRecord>().Single().Address);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), fresh.Records.OfType<DnsAddressRecord>().Single().Address);
    }

    [Fact]
    public async Task TheTargetListFailsOverOn503AndTimeoutInSrvOrderAndStopsAtTheFirstAnswer()
    {
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("a.example.test", "127.0.0.21"),
            Dnsmasq.Host("b.example.test", "127.0.0.22"),
            Dnsmasq.Host("c.example.test", "127.0.0.23"),
            Dnsmasq.Host("d.example.test", "127.0.0.24"),
            Dnsmasq.Srv("_sip._udp.example.test", "a.example.test", 5060, priority: 1, weight: 0),
            Dnsmasq.Srv("_sip._udp.example.test", "b.example.test", 5060, priority: 2, weight: 0),
            Dnsmasq.Srv("_sip._udp.example.test", "c.example.test", 5060, priority: 3, weight: 0),
            Dnsmasq.Srv("_sip._udp.example.test", "d.example.test", 5060, priority: 4, weight: 0),
        ]);
        var location = await new SipServerLocator(ClientFor(dns)).LocateAsync(SipUri.Parse("sip:example.test"), null, CancellationToken.None);
        var outcomes = new Dictionary<byte, int?> { [21] = 503, [22] = null, [23] = 200, [24] = 200 };
        var tried = new List<byte>();

        var final = await location.ToTargetList().SendAsync(
            (target, _) =>
            {
                var last = target.EndPoint.Address.GetAddressBytes()[3];
                tried.Add(last);
                return Task.FromResult(outcomes[last]);
            },
            status => status,
            CancellationToken.None);

        Assert.Equal([21, 22, 23], tried);
        Assert.Equal(200, final);
    }
}
