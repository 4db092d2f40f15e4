using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Registration;
using CtiConnector.Sip.UserAgent.Tests.Core;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// Registration to a registrar given by host name, over an in-memory transport, DNS and clock: the targets come from
/// SRV in priority order, and a target that times out, fails at the transport or answers 503 gives way to the next
/// (RFC 3263 §4.3). Does not verify real DNS or real servers (see the dnsmasq and Kamailio tests in Telephony).
/// </summary>
public sealed class RegistrationFailoverTests
{
    private static FakeDns TwoRegistrars() => new FakeDns()
        .Srv("_sip._udp.example.test", "sip2.example.test", 5082, priority: 20)
        .Srv("_sip._udp.example.test", "sip1.example.test", 5081, priority: 10)
        .A("sip1.example.test", "127.0.0.1")
        .A("sip2.example.test", "127.0.0.2");

    private static FakeRegistrar Registrar(FakeDns dns, string registrar = "sip:example.test") =>
        new(o => new RegistrationOptions
        {
            Aor = SipUri.Parse("sip:alice@example.test"),
            Registrar = SipUri.Parse(registrar),
            Credentials = o.Credentials,
            Transport = o.Transport,
            RetryJitter = 0,
        }, resolver: new SipTargetResolver(dns));

    private static string DestinationOf(FakeRegistrar registrar, int index)
    {
        var register = registrar.Registers[index];
        return registrar.Transport.Sent.First(s => s.Message == register).Destination!.Value.EndPoint.ToString();
    }

    [Fact]
    public async Task TheFirstRegisterGoesToTheBestSrvPriorityWithTheDomainAsRequestUri()
    {
        var registrar = Registrar(TwoRegistrars());

        await registrar.StartAsync();

        var register = Assert.Single(registrar.Registers);
        Assert.Equal("sip:example.test", register.RequestUriText);
        Assert.Equal("127.0.0.1:5081", DestinationOf(registrar, 0));
    }

    [Fact]
    public async Task ATimeoutMovesToTheNextTargetAndTheRefreshStaysThere()
    {
        var registrar = Registrar(TwoRegistrars());
        await registrar.StartAsync();

        registrar.Time.Advance(registrar.Transactions.Timers.Timeout64 + TimeSpan.FromSeconds(1));

        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal("127.0.0.2:5082", DestinationOf(registrar, 1));
        Assert.NotEqual(registrar.Registers[0].TopVia!.Branch, registrar.Registers[1].TopVia!.Branch);
        Assert.Equal(registrar.Registers[0].CallId, registrar.Registers[1].CallId);
        Assert.Equal(2, registrar.Registers[1].CSeq!.Value.Number);
        Assert.NotEqual(RegistrationState.Failed, registrar.Client.Status.State);

        registrar.Accept(expires: 100);
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);
        Assert.Contains("127.0.0.2:5082", registrar.Client.Status.Reason, StringComparison.Ordinal);

        registrar.Time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(3, registrar.Registers.Count);
        Assert.Equal("127.0.0.2:5082", DestinationOf(registrar, 2));
    }

    [Fact]
    public async Task A503MovesToTheNextTargetAtOnce()
    {
        var registrar = Registrar(TwoRegistrars());
        await registrar.StartAsync();

        registrar.Answer(503);

        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal("127.0.0.2:5082", DestinationOf(registrar, 1));
        Assert.NotEqual(RegistrationState.Failed, registrar.Client.Status.State);
    }

    [Fact]
    public async Task ATransportErrorMovesToTheNextTarget()
    {
        var registrar = Registrar(TwoRegistrars());
        registrar.Transport.FailWith = new Sip.Transport.SipTransportException("connection refused");

        await registrar.StartAsync();

        // Both targets were tried: the reason names the last one.
        Assert.Equal(RegistrationState.Failed, registrar.Client.Status.State);
        Assert.StartsWith("cannot reach 127.0.0.2:5082", registrar.Client.Status.Reason, StringComparison.Ordinal);
        registrar.Transport.FailWith = null;
        registrar.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("127.0.0.1:5081", DestinationOf(registrar, 0));
    }

    [Fact]
    public async Task AnAnswerOtherThan503DoesNotFailOver()
    {
        var registrar = Registrar(TwoRegistrars());
        await registrar.StartAsync();

        registrar.Answer(403);

        Assert.Single(registrar.Registers);
        Assert.Equal(RegistrationState.Failed, registrar.Client.Status.State);
    }

    [Fact]
    public async Task WhenEveryTargetFailsTheNextRoundStartsAgainFromTheFirst()
    {
        var registrar = Registrar(TwoRegistrars());
        await registrar.StartAsync();
        registrar.Answer(503);

        registrar.Answer(503);

        Assert.Equal(RegistrationState.Failed, registrar.Client.Status.State);
        Assert.Contains("127.0.0.2:5082", registrar.Client.Status.Reason, StringComparison.Ordinal);
        registrar.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(3, registrar.Registers.Count);
        Assert.Equal("127.0.0.1:5081", DestinationOf(registrar, 2));
    }

    [Fact]
    public async Task ANameWithNoRecordFailsWithAClearReasonAndIsLookedUpAgainLater()
    {
        var dns = TwoRegistrars();
        var registrar = Registrar(dns, "sip:nowhere.example.test");

        await registrar.StartAsync();

        Assert.Empty(registrar.Registers);
        Assert.Equal(RegistrationState.Failed, registrar.Client.Status.State);
        Assert.Equal("no DNS record for nowhere.example.test", registrar.Client.Status.Reason);
        var asked = dns.Questions.Count;
        registrar.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(dns.Questions.Count > asked, "the retry looks the name up again");
    }

    [Fact]
    public async Task ANumericRegistrarAsksNoDns()
    {
        var dns = TwoRegistrars();
        var registrar = new FakeRegistrar(resolver: new SipTargetResolver(dns));

        await registrar.StartAsync();

        Assert.Single(registrar.Registers);
        Assert.Empty(dns.Questions);
    }
}
