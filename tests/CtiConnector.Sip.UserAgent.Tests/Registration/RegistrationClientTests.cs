using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Registration;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// The registration client against a registrar played by the test, over an in-memory transport and a manual clock.
/// Verifies the REGISTER's shape, digest, 423, refresh timing, backoff and unregistration; not DNS (see
/// <see cref="RegistrationFailoverTests"/>), not real sockets (see the Kamailio tests).
/// </summary>
public sealed class RegistrationClientTests
{
    [Fact]
    public async Task FirstRegisterFollowsRfc3261Section10()
    {
        var registrar = new FakeRegistrar();

        await registrar.StartAsync();

        var register = Assert.Single(registrar.Registers);
        Assert.Equal("sip:127.0.0.1:5080", register.RequestUriText);
        Assert.Equal("UDP", register.TopVia!.Transport);
        Assert.StartsWith(ViaHeader.MagicCookie, register.TopVia.Branch, StringComparison.Ordinal);
        Assert.True(register.TopVia.HasRPort);
        Assert.Equal("sip:alice@127.0.0.1:5080", register.From!.Uri.ToString());
        Assert.NotNull(register.FromTag);
        Assert.Equal("sip:alice@127.0.0.1:5080", register.To!.Uri.ToString());
        Assert.Null(register.ToTag);
        Assert.Equal(new CSeqHeader(1, SipMethods.Register), register.CSeq);
        Assert.Equal("<sip:alice@127.0.0.1:5060>;expires=3600", register.Headers[HeaderId.Contact]);
        Assert.Equal(3600, register.Expires);
        Assert.False(register.Headers.Contains(HeaderId.Authorization));
        Assert.Equal("127.0.0.1:5080", registrar.Transport.Sent[0].Destination!.Value.EndPoint.ToString());
        Assert.Equal(RegistrationState.Registering, registrar.Client.Status.State);
    }

    [Fact]
    public async Task ChallengeIsAnsweredWithTheSameCallIdANewCSeqAndANewBranch()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Challenge();

        Assert.Equal(2, registrar.Registers.Count);
        var (first, second) = (registrar.Registers[0], registrar.Registers[1]);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.FromTag, second.FromTag);
        Assert.Equal(2, second.CSeq!.Value.Number);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
        Assert.Contains("username=\"alice\"", second.Headers[HeaderId.Authorization], StringComparison.Ordinal);

        registrar.Accept();
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);
        Assert.Equal([RegistrationState.Registering, RegistrationState.Registered], registrar.Changes.Select(c => c.State));
    }

    [Fact]
    public async Task WrongPasswordFailsWithoutALoopOrARetry()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Challenge("n1");
        registrar.Challenge("n2");
        registrar.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(2, registrar.Registers.Count);
        var status = registrar.Client.Status;
        Assert.Equal(RegistrationState.Failed, status.State);
        Assert.Equal("401 Unauthorized from 127.0.0.1:5080: wrong user name or password for realm \"cti.test\"", status.Reason);
        Assert.Null(status.RetryAt);
    }

    [Fact]
    public async Task ForbiddenIsAFailureThatNamesTheRegistrar()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Answer(403);
        registrar.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal("failed: 403 Forbidden from 127.0.0.1:5080", registrar.Client.Status.ToString());
        Assert.Single(registrar.Registers);
    }

    [Fact]
    public async Task IntervalTooBriefIsRetriedWithMinExpires()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor, Registrar = o.Registrar, Credentials = o.Credentials, Expires = 60 });
        await registrar.StartAsync();

        registrar.Answer(423, (_, response) => response.Headers.Add(HeaderId.MinExpires, "1800"));

        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal(1800, registrar.Last.Expires);
        Assert.Contains(";expires=1800", registrar.Last.Headers[HeaderId.Contact], StringComparison.Ordinal);
        registrar.Accept(1800);
        Assert.Equal(TimeSpan.FromSeconds(1800), registrar.Client.Status.Expires);
    }

    [Fact]
    public async Task RefreshComesAt85PercentOfTheLifetimeGrantedToOurContact()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        // Our contact got 600 s; the Expires header and the other binding say otherwise and must be ignored.
        registrar.Accept(600, expiresHeader: "3600");
        registrar.Time.Advance(TimeSpan.FromSeconds(509));
        Assert.Single(registrar.Registers);
        registrar.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal(registrar.Registers[0].CallId, registrar.Last.CallId);
        Assert.Equal(2, registrar.Last.CSeq!.Value.Number);

        // A refresh does not make the state flap.
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);
        Assert.Single(registrar.Changes, c => c.State == RegistrationState.Registering);
    }

    [Fact]
    public async Task WithoutOurContactInThe200TheExpiresHeaderGivesTheLifetime()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Answer(200, (_, response) => response.Headers.Add(HeaderId.Expires, "100"));
        registrar.Time.Advance(TimeSpan.FromSeconds(84));
        Assert.Single(registrar.Registers);
        registrar.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, registrar.Registers.Count);
    }

    [Fact]
    public async Task RefreshAfterTheChallengeCarriesCredentialsUpFront()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();
        registrar.Challenge();
        registrar.Accept(100);

        registrar.Time.Advance(TimeSpan.FromSeconds(85));

        Assert.Contains("nc=00000002", registrar.Last.Headers[HeaderId.Authorization], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedWithADoublingDelayUpToTheCap()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        // 5, 10, 20, 40, 80, 160, then 300 s (capped), 300 s...
        foreach (var delay in new[] { 5, 10, 20, 40, 80, 160, 300, 300 })
        {
            var before = registrar.Registers.Count;
            registrar.Answer(503);
            Assert.Equal(RegistrationState.Failed, registrar.Client.Status.State);
            Assert.Equal(registrar.Time.GetUtcNow() + TimeSpan.FromSeconds(delay), registrar.Client.Status.RetryAt);
            registrar.Time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(before, registrar.Registers.Count);
            registrar.Time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(before + 1, registrar.Registers.Count);
        }

        // Success resets the backoff.
        registrar.Accept(60);
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);
        registrar.Time.Advance(TimeSpan.FromSeconds(51));
        registrar.Answer(500);
        Assert.Equal(registrar.Time.GetUtcNow() + TimeSpan.FromSeconds(5), registrar.Client.Status.RetryAt);
    }

    [Fact]
    public async Task AccountsFailingTogetherRetryAtSpreadOutTimes()
    {
        var shared = new FakeRegistrar();
        var clients = Enumerable.Range(1, 20).Select(n => new RegistrationClient(shared.Transactions, new RegistrationOptions
        {
            Aor = SipUri.Parse($"sip:user{n}@127.0.0.1:5080"),
            Registrar = SipUri.Parse("sip:127.0.0.1:5080"),
            RetryJitter = 0.5,
        })).ToList();
        foreach (var client in clients)
        {
            await client.StartAsync(CancellationToken.None);
        }

        foreach (var register in shared.Registers)
        {
            shared.Transport.Deliver(SipResponseFactory.Create(register, 503));
        }

        var now = shared.Time.GetUtcNow();
        var retries = clients.Select(c => c.Status.RetryAt!.Value - now).ToList();
        Assert.All(retries, r => Assert.InRange(r, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(5)));
        Assert.InRange(retries.Distinct().Count(), 2, 20);
    }

    [Fact]
    public async Task RetryAfterIsHonouredWithinTheCap()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Answer(503, (_, response) => response.Headers.Add(HeaderId.RetryAfter, "120 (maintenance)"));

        Assert.Equal(registrar.Time.GetUtcNow() + TimeSpan.FromSeconds(120), registrar.Client.Status.RetryAt);
        Assert.Equal("503 Service Unavailable from 127.0.0.1:5080", registrar.Client.Status.Reason);
    }

    [Fact]
    public async Task SilentRegistrarIsReportedAsNoResponseAndRetried()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();

        registrar.Time.Advance(TimeSpan.FromSeconds(32));

        Assert.Equal("failed: no response from 127.0.0.1:5080", registrar.Client.Status.ToString());
        registrar.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, registrar.Registers.Count);
        Assert.Equal(RegistrationState.Registering, registrar.Client.Status.State);

        // The registrar is back.
        registrar.Accept();
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State);
    }

    [Fact]
    public async Task TransportErrorIsAFailureThatIsRetried()
    {
        var registrar = new FakeRegistrar(transport: TransportKind.Tcp);
        registrar.Transport.FailWith = new Sip.Transport.SipTransportException("Connection refused");

        await registrar.StartAsync();

        var status = registrar.Client.Status;
        Assert.Equal(RegistrationState.Failed, status.State);
        Assert.StartsWith("cannot reach 127.0.0.1:5080: ", status.Reason, StringComparison.Ordinal);
        Assert.Contains("Connection refused", status.Reason, StringComparison.Ordinal);
        Assert.NotNull(status.RetryAt);
    }

    [Fact]
    public async Task TcpRegistrationSaysSoInViaAndContact()
    {
        var registrar = new FakeRegistrar(transport: TransportKind.Tcp);

        await registrar.StartAsync();

        Assert.Equal("TCP", registrar.Last.TopVia!.Transport);
        Assert.Equal("<sip:alice@127.0.0.1:5060;transport=tcp>;expires=3600", registrar.Last.Headers[HeaderId.Contact]);
        Assert.Equal(TransportKind.Tcp, registrar.Transport.Sent[0].Destination!.Value.Transport);
    }

    [Fact]
    public async Task OutboundProxyReceivesTheRegisterWithARouteToItself()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions
        {
            Aor = o.Aor,
            Registrar = o.Registrar,
            OutboundProxy = SipUri.Parse("sip:127.0.0.2:5090"),
            ContactUser = "agent7",
            DisplayName = "Alice",
        });

        await registrar.StartAsync();

        Assert.Equal("127.0.0.2:5090", registrar.Transport.Sent[0].Destination!.Value.EndPoint.ToString());
        Assert.Equal("sip:127.0.0.1:5080", registrar.Last.RequestUriText);
        Assert.Equal("<sip:127.0.0.2:5090;lr>", registrar.Last.Headers[HeaderId.Route]);
        Assert.StartsWith("<sip:agent7@127.0.0.1:5060>", registrar.Last.Headers[HeaderId.Contact], StringComparison.Ordinal);
        Assert.Equal("Alice", registrar.Last.From!.DisplayName);
    }

    [Fact]
    public async Task TransportBoundToEveryInterfaceAdvertisesTheAddressFacingTheRegistrar()
    {
        var registrar = new FakeRegistrar();
        registrar.Transport.LocalAddress = System.Net.IPAddress.Any;

        await registrar.StartAsync();

        Assert.Equal("127.0.0.1", registrar.Last.TopVia!.Host);
        Assert.Equal("<sip:alice@127.0.0.1:5060>;expires=3600", registrar.Last.Headers[HeaderId.Contact]);
    }

    [Fact]
    public async Task LocalhostNeedsNoDns()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor, Registrar = SipUri.Parse("sip:localhost:5099") });

        await registrar.StartAsync();

        Assert.Equal("127.0.0.1:5099", registrar.Transport.Sent[0].Destination!.Value.EndPoint.ToString());
    }

    [Fact]
    public async Task AccountWithoutRegistrarStaysUnregistered()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor });

        await registrar.StartAsync();

        Assert.Empty(registrar.Transport.Sent);
        Assert.Equal(RegistrationState.Unregistered, registrar.Client.Status.State);
        Assert.Equal("no registrar configured", registrar.Client.Status.Reason);
    }

    [Fact]
    public async Task StopUnregistersOurContactAndWaitsForTheAnswer()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();
        registrar.Challenge();
        registrar.Accept();

        var stopping = registrar.Client.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        var unregister = registrar.Last;
        Assert.Equal(0, unregister.Expires);
        Assert.Equal("<sip:alice@127.0.0.1:5060>;expires=0", unregister.Headers[HeaderId.Contact]);
        Assert.Equal(registrar.Registers[0].CallId, unregister.CallId);
        Assert.True(unregister.Headers.Contains(HeaderId.Authorization));
        registrar.Answer(200);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("unregistered", registrar.Client.Status.Reason);
        Assert.Equal(RegistrationState.Unregistered, registrar.Client.Status.State);

        // No refresh after stop.
        registrar.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(3, registrar.Registers.Count);
    }

    [Fact]
    public async Task StopGivesUpWaitingWhenTheRegistrarIsSilent()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();
        registrar.Accept();

        var stopping = registrar.Client.StopAsync(CancellationToken.None);
        registrar.Time.Advance(TimeSpan.FromSeconds(5));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RegistrationState.Unregistered, registrar.Client.Status.State);
        Assert.Contains("no answer", registrar.Client.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopBeforeAnyRegisterSendsNothing()
    {
        var registrar = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor, Registrar = SipUri.Parse("sip:pbx.example.test") });
        await registrar.StartAsync();

        await registrar.Client.StopAsync(CancellationToken.None);

        Assert.Empty(registrar.Transport.Sent);
        Assert.Equal(RegistrationState.Unregistered, registrar.Client.Status.State);
    }

    [Fact]
    public async Task TwoAccountsOnOneTransactionLayerKeepTheirOwnState()
    {
        var shared = new FakeRegistrar();
        var bob = new RegistrationClient(shared.Transactions, new RegistrationOptions
        {
            Aor = SipUri.Parse("sip:bob@127.0.0.1:5080"),
            Registrar = SipUri.Parse("sip:127.0.0.1:5080"),
        });
        await shared.StartAsync();
        await bob.StartAsync(CancellationToken.None);
        var aliceRegister = shared.Registers[0];
        var bobRegister = shared.Registers[1];
        Assert.NotEqual(aliceRegister.CallId, bobRegister.CallId);

        shared.Transport.Deliver(SipResponseFactory.Create(bobRegister, 403));

        Assert.Equal(RegistrationState.Failed, bob.Status.State);
        Assert.Equal(RegistrationState.Registering, shared.Client.Status.State);
    }
}
