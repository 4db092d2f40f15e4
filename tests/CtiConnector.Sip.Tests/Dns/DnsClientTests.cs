using System.Net;
using CtiConnector.Sip.Dns;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>
/// The client against scripted servers on 127.0.0.1: answers that are not ours are ignored, garbage is a typed
/// failure, servers are asked in order. (dnsmasq interop is in <see cref="DnsmasqInteropTests"/>.)
/// </summary>
public class DnsClientTests
{
    // Generous for answers that do come (a loaded CI machine must not turn them into timeouts); short where a
    // server is silent on purpose.
    // For servers that answer: generous, as a loaded machine can be slow to run the fake server (it costs nothing when
    // the answer comes). s_short is only for servers that never answer, where the test waits for the timeout.
    private static readonly TimeSpan s_patient = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(300);

    private static DnsClient Client(params IPEndPoint[] servers) => Client(s_patient, servers);

    private static DnsClient Client(TimeSpan timeout, params IPEndPoint[] servers) =>
        new(new DnsClientOptions { Servers = servers, Timeout = timeout, AttemptsPerServer = 1, UseSystemServers = false });

    [Fact]
    public async Task AnAnswerWithAnotherIdIsIgnoredAndTheRealOneIsUsed()
    {
        await using var server = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer((ushort)(id ^ 0xFFFF), name, 66), FakeDnsServer.AAnswer(id, name, 7)]);

        var result = await Client(server.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Success, result.Status);
        Assert.Equal(IPAddress.Parse("127.0.0.7"), Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
    }

    [Fact]
    public async Task AnAnswerToAnotherQuestionIsIgnored()
    {
        await using var server = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, "other.example.test", 66), FakeDnsServer.AAnswer(id, name, 8)]);

        var result = await Client(server.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.8"), Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
    }

    [Fact]
    public async Task OnlyGarbageFromTheServerIsAMalformedResultNotAnException()
    {
        await using var server = new FakeDnsServer((id, _) => [[(byte)(id >> 8), (byte)id, 0x81, 0x80, 0, 1, 0, 1, 0xC0]]);

        var result = await Client(server.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Malformed, result.Status);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task AServerThatNeverAnswersIsATimeout()
    {
        await using var server = new FakeDnsServer((_, _) => []);

        var result = await Client(s_short, server.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Timeout, result.Status);
        Assert.Equal(1, server.Queries);
    }

    [Fact]
    public async Task EachAttemptIsRetriedOnTheSameServerBeforeGivingUp()
    {
        await using var server = new FakeDnsServer((_, _) => []);
        var client = new DnsClient(new DnsClientOptions { Servers = [server.EndPoint], Timeout = s_short, AttemptsPerServer = 3, UseSystemServers = false });

        var result = await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Timeout, result.Status);
        Assert.Equal(3, server.Queries);
    }

    [Fact]
    public async Task TheNextServerIsAskedWhenTheFirstDoesNotAnswer()
    {
        await using var silent = new FakeDnsServer((_, _) => []);
        await using var answering = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, name, 9)]);

        var result = await Client(TimeSpan.FromSeconds(3), silent.EndPoint, answering.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.9"), Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
        Assert.Equal((1, 1), (silent.Queries, answering.Queries));
    }

    [Fact]
    public async Task AServerAnsweringServfailIsFollowedByTheNextServer()
    {
        await using var failing = new FakeDnsServer((id, name) => [DnsPacketBuilder.Response(id, 1, 0, rcode: 2).Name(name).Question(1).ToArray()]);
        await using var answering = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, name, 10)]);

        var result = await Client(failing.EndPoint, answering.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Success, result.Status);
        Assert.Equal(1, failing.Queries);
    }

    [Fact]
    public async Task AClosedPortIsSkippedForTheNextServer()
    {
        var closed = new IPEndPoint(IPAddress.Loopback, FreePort.Udp());
        await using var answering = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, name, 11)]);

        var result = await Client(closed, answering.EndPoint).QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.11"), Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
    }

    [Fact]
    public async Task WithNoServerConfiguredTheResultSaysSo()
    {
        var client = new DnsClient(new DnsClientOptions { UseSystemServers = false });

        var result = await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.NoServers, result.Status);
        Assert.Contains("Sip:DnsServers", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidNameIsATypedFailureWithoutAQuery()
    {
        await using var server = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, name, 12)]);

        var result = await Client(server.EndPoint).QueryAsync("bad..example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.Malformed, result.Status);
        Assert.Equal(0, server.Queries);
    }

    [Fact]
    public async Task ATruncatedUdpAnswerIsAskedAgainOverTcp()
    {
        await using var udp = new FakeDnsServer((id, name) => [DnsPacketBuilder.Response(id, 1, 0, truncated: true).Name(name).Question(1).ToArray()]);
        await using var tcp = new FakeDnsTcpServer(udp.EndPoint.Port, (id, name) => FakeDnsServer.AAnswer(id, name, 13));

        var result = await Client(udp.EndPoint).QueryAsync("big.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.13"), Assert.IsType<DnsAddressRecord>(Assert.Single(result.Records)).Address);
        Assert.Equal((1, 1), (udp.Queries, tcp.Queries));
    }

    [Fact]
    public async Task ACnameWithoutItsTargetsRecordsIsFollowedWithASecondQuery()
    {
        await using var server = new FakeDnsServer((id, name) => name == "alias.example.test"
            ? [DnsPacketBuilder.Response(id, 1, 1).Name(name).Question(1).Pointer(12).RecordHeader(5, 60, 7).Labels("sip9").Pointer(18).ToArray()]
            : [FakeDnsServer.AAnswer(id, name, 14)]);

        var result = await Client(server.EndPoint).QueryAsync("alias.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(IPAddress.Parse("127.0.0.14"), result.Records.OfType<DnsAddressRecord>().Single().Address);
        Assert.Equal("sip9.example.test", result.Records.OfType<DnsCnameRecord>().Single().Target);
        Assert.Equal(2, server.Queries);
    }

    [Fact]
    public async Task ACachedAnswerIsServedWithoutAskingAgainUntilItsTtlRunsOut()
    {
        await using var server = new FakeDnsServer((id, name) => [FakeDnsServer.AAnswer(id, name, 15, ttl: 10)]);
        var clock = new ManualTimeProvider();
        var client = new DnsClient(new DnsClientOptions { Servers = [server.EndPoint], UseSystemServers = false, Timeout = TimeSpan.FromSeconds(2) }, clock);

        await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);
        await client.QueryAsync("SIP1.example.test.", DnsRecordType.A, CancellationToken.None);
        var cachedQueries = server.Queries;
        clock.Advance(TimeSpan.FromSeconds(10));
        await client.QueryAsync("sip1.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal((1, 2), (cachedQueries, server.Queries));
    }

    [Fact]
    public async Task ANegativeAnswerIsCachedForTheSoaMinimumAndNotLonger()
    {
        await using var server = new FakeDnsServer((id, name) => [DnsPacketBuilder.Response(id, 1, 0, rcode: 3, authorities: 1).Name(name).Question(1).Soa(17, 300, 30).ToArray()]);
        var clock = new ManualTimeProvider();
        var client = new DnsClient(new DnsClientOptions { Servers = [server.EndPoint], UseSystemServers = false, Timeout = s_patient }, clock);

        var first = await client.QueryAsync("nope.example.test", DnsRecordType.A, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        await client.QueryAsync("nope.example.test", DnsRecordType.A, CancellationToken.None);
        var cachedQueries = server.Queries;
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.QueryAsync("nope.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(DnsQueryStatus.NameNotFound, first.Status);
        Assert.Equal((1, 2), (cachedQueries, server.Queries));
    }

    [Fact]
    public async Task ANegativeAnswerWithoutSoaIsNotCached()
    {
        await using var server = new FakeDnsServer((id, name) => [DnsPacketBuilder.Response(id, 1, 0, rcode: 3).Name(name).Question(1).ToArray()]);
        var client = Client(server.EndPoint);

        await client.QueryAsync("nope.example.test", DnsRecordType.A, CancellationToken.None);
        await client.QueryAsync("nope.example.test", DnsRecordType.A, CancellationToken.None);

        Assert.Equal(2, server.Queries);
    }
}
