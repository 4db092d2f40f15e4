using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Sip.UserAgent.Registration;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// The registration client against a real Kamailio registrar (digest from db_text, usrloc in memory) on 127.0.0.1.
/// Verifies registration over UDP and TCP, refresh, a wrong password, a registrar restart, 423 and unregistration,
/// by what Kamailio logged and holds (<c>kamcmd ul.dump</c>), never by timing. Not covered: TLS, outbound proxy.
/// </summary>
public sealed class KamailioRegistrationTests : IAsyncLifetime
{
    private const string Password = "s3cret-A";
    private KamailioRegistrar _kamailio = null!;
    private SipTransportLayer _transport = null!;
    private TransactionLayer _transactions = null!;

    public async Task InitializeAsync()
    {
        _kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { ["alice"] = Password, ["bob"] = "other" });
        _transport = new SipTransportLayer(new SipTransportOptions());
        await _transport.StartAsync(CancellationToken.None);

        // A short T1 keeps Timer F (64·T1) at 6.4 s when the registrar is down.
        _transactions = new TransactionLayer(_transport, timers: new SipTimerSettings { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(800), T4 = TimeSpan.FromSeconds(1) });
    }

    public async Task DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _kamailio.DisposeAsync();
    }

    [Theory]
    [InlineData(TransportKind.Udp)]
    [InlineData(TransportKind.Tcp)]
    public async Task RegistersAndKamailioHoldsOurContact(TransportKind transport)
    {
        await using var client = Client(transport: transport);
        using var waiter = new StatusWaiter(client);

        await client.StartAsync(CancellationToken.None);
        var registered = await waiter.NextAsync(RegistrationState.Registered);

        Assert.Equal(TimeSpan.FromSeconds(3600), registered.Expires);
        var dump = await _kamailio.DumpLocationsAsync();
        Assert.Contains("AoR: alice", dump, StringComparison.Ordinal);
        Assert.Contains(OurContact(transport), dump, StringComparison.Ordinal);
        await _kamailio.SyncAsync();
        Assert.All(_kamailio.Registers, r => Assert.Equal(transport.ToString().ToLowerInvariant(), r.Protocol));
    }

    [Fact]
    public async Task RefreshKeepsTheCallIdAndRaisesTheCSeq()
    {
        await using var client = Client(expires: 4);
        using var waiter = new StatusWaiter(client);
        await client.StartAsync(CancellationToken.None);
        await waiter.NextAsync(RegistrationState.Registered);

        // Two refreshes, each answered 200 by Kamailio.
        await waiter.NextAsync(RegistrationState.Registered);
        await waiter.NextAsync(RegistrationState.Registered);
        await _kamailio.SyncAsync();

        var seen = _kamailio.Registers;
        Assert.InRange(seen.Count, 4, int.MaxValue);
        Assert.All(seen, r => Assert.Equal(client.CallId, r.CallId));
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen.Select(r => r.CSeq));
        Assert.All(seen, r => Assert.Equal("4", r.Expires));

        // Credentials went up front on refreshes: only the first REGISTER was challenged.
        Assert.Equal(1, waiter.History.Count(s => s.State == RegistrationState.Registering));
    }

    [Fact]
    public async Task WrongPasswordFailsWithoutALoop()
    {
        await using var client = Client(password: "not-the-password");
        using var waiter = new StatusWaiter(client);

        await client.StartAsync(CancellationToken.None);
        var failed = await waiter.NextAsync(RegistrationState.Failed);
        await _kamailio.SyncAsync();

        Assert.Equal($"401 Unauthorized from 127.0.0.1:{_kamailio.Port}: wrong user name or password for realm \"127.0.0.1\"", failed.Reason);
        Assert.Null(failed.RetryAt);
        Assert.InRange(_kamailio.Registers.Count, 1, 2);
        Assert.Equal(2, client.RequestsSent);
    }

    [Theory]
    [InlineData(TransportKind.Udp)]
    [InlineData(TransportKind.Tcp)]
    public async Task RegistrarRestartIsRecovered(TransportKind transport)
    {
        await using var client = Client(transport: transport, expires: 4);
        using var waiter = new StatusWaiter(client);
        await client.StartAsync(CancellationToken.None);
        await waiter.NextAsync(RegistrationState.Registered);

        await _kamailio.StopAsync();
        var failed = await waiter.NextAsync(RegistrationState.Failed);
        // Over TCP the refused connection is the usual sign; a refresh caught mid-shutdown may time out instead.
        var expected = transport == TransportKind.Udp
            ? $"^no response from 127\\.0\\.0\\.1:{_kamailio.Port}$"
            : $"^(cannot reach 127\\.0\\.0\\.1:{_kamailio.Port}: |no response from 127\\.0\\.0\\.1:{_kamailio.Port}$)";
        Assert.Matches(expected, failed.Reason);
        Assert.NotNull(failed.RetryAt);

        await _kamailio.RestartAsync();
        await waiter.NextAsync(RegistrationState.Registered);

        // The new Kamailio knows nothing of the old nonce or binding, yet holds our contact again.
        Assert.Contains(OurContact(transport), await _kamailio.DumpLocationsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntervalTooBriefIsAnsweredWithKamailiosMinExpires()
    {
        await using var client = Client(expires: 1);
        using var waiter = new StatusWaiter(client);

        await client.StartAsync(CancellationToken.None);
        var registered = await waiter.NextAsync(RegistrationState.Registered);
        await _kamailio.SyncAsync();

        Assert.Equal(TimeSpan.FromSeconds(2), registered.Expires);
        Assert.Contains(_kamailio.Registers, r => r.Expires == "1");
        Assert.Equal("2", _kamailio.Registers[^1].Expires);
    }

    [Fact]
    public async Task StopRemovesOurContactFromKamailio()
    {
        var client = Client(transport: TransportKind.Tcp);
        using var waiter = new StatusWaiter(client);
        await client.StartAsync(CancellationToken.None);
        await waiter.NextAsync(RegistrationState.Registered);
        Assert.Contains(OurContact(TransportKind.Tcp), await _kamailio.DumpLocationsAsync(), StringComparison.Ordinal);

        await client.StopAsync(CancellationToken.None);

        Assert.Equal(RegistrationState.Unregistered, client.Status.State);
        Assert.Equal("unregistered", client.Status.Reason);
        var dump = await _kamailio.DumpLocationsAsync();
        Assert.DoesNotContain(OurContact(TransportKind.Tcp), dump, StringComparison.Ordinal);
        Assert.DoesNotContain("AoR: alice", dump, StringComparison.Ordinal);
    }

    private RegistrationClient Client(TransportKind transport = TransportKind.Udp, int expires = 3600, string password = Password) =>
        new(_transactions, new RegistrationOptions
        {
            Aor = SipUri.Parse($"sip:alice@127.0.0.1:{_kamailio.Port}"),
            Registrar = SipUri.Parse($"sip:127.0.0.1:{_kamailio.Port}"),
            Credentials = [new SipCredentials("alice", password)],
            Transport = transport,
            Expires = expires,
            RetryDelay = TimeSpan.FromMilliseconds(300),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        });

    private string OurContact(TransportKind transport) =>
        $"sip:alice@127.0.0.1:{_transport.Port}" + (transport == TransportKind.Tcp ? ";transport=tcp" : string.Empty);
}
