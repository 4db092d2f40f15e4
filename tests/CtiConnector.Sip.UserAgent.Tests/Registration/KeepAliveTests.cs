using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Registration;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// RFC 5626 §4.4.1 keep-alives of a registered client, over the in-memory transport and a manual clock: when they go,
/// what a missing pong does on TCP (flow closed, registration redone), that UDP expects no pong, and that they stop
/// with the registration. The real socket side (pings answered with pongs) is in the transport's TCP tests.
/// </summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task UdpPingsGoToTheRegistrarEveryTwentyFiveSecondsOrSoWhileRegistered()
    {
        var registrar = new FakeRegistrar();
        await registrar.StartAsync();
        registrar.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(registrar.Transport.KeepAlivesSent); // not registered yet: nothing to keep alive

        registrar.Accept();
        registrar.Time.Advance(TimeSpan.FromSeconds(19)); // below 80% of 25 s
        Assert.Empty(registrar.Transport.KeepAlivesSent);
        registrar.Time.Advance(TimeSpan.FromSeconds(6));
        var ping = await WaitForAsync(() => registrar.Transport.KeepAlivesSent, 1);

        Assert.Equal(FakeRegistrar.RegistrarEndPoint(TransportKind.Udp), ping[0]);
        Assert.Empty(registrar.Transport.ClosedFlows);
        await AdvanceUntilAsync(registrar, () => registrar.Transport.KeepAlivesSent.Count >= 2, TimeSpan.FromSeconds(25));
        Assert.Equal(RegistrationState.Registered, registrar.Client.Status.State); // no pong on UDP, and none needed
    }

    [Fact]
    public async Task ATcpPongKeepsTheFlowAndAMissingOneReRegistersOverANewConnection()
    {
        var registrar = new FakeRegistrar(transport: TransportKind.Tcp);
        var flow = FakeRegistrar.RegistrarEndPoint(TransportKind.Tcp);
        await registrar.StartAsync();
        registrar.Accept();

        registrar.Time.Advance(TimeSpan.FromSeconds(79));
        Assert.Empty(registrar.Transport.KeepAlivesSent);
        await AdvanceUntilAsync(registrar, () => registrar.Transport.KeepAlivesSent.Count >= 1, TimeSpan.FromSeconds(21));
        registrar.Transport.DeliverPong(flow);
        registrar.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Empty(registrar.Transport.ClosedFlows);
        Assert.Single(registrar.Registers);

        await AdvanceUntilAsync(registrar, () => registrar.Transport.KeepAlivesSent.Count >= 2, TimeSpan.FromSeconds(100));
        registrar.Time.Advance(TimeSpan.FromSeconds(11)); // RFC 5626: no pong within 10 s

        Assert.Equal([flow], await WaitForAsync(() => registrar.Transport.ClosedFlows, 1));
        var registers = await WaitForAsync(() => registrar.Registers, 2);
        Assert.Equal(registers[0].CallId, registers[1].CallId);
        Assert.Equal(RegistrationState.Registering, registrar.Client.Status.State);
        Assert.Equal(
            "no keep-alive answer from 127.0.0.1:5080 (TCP) within 10 s; registering again at 127.0.0.1:5080",
            registrar.Client.Status.Reason);
    }

    [Fact]
    public async Task ZeroTurnsKeepAlivesOffAndStoppingEndsThem()
    {
        var off = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor, Registrar = o.Registrar, KeepAliveInterval = TimeSpan.Zero });
        await off.StartAsync();
        off.Accept();
        off.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(off.Transport.KeepAlivesSent);

        var registrar = new FakeRegistrar(o => new RegistrationOptions { Aor = o.Aor, Registrar = o.Registrar, KeepAliveInterval = TimeSpan.FromSeconds(10) });
        await registrar.StartAsync();
        registrar.Accept();
        registrar.Time.Advance(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => registrar.Transport.KeepAlivesSent, 1);
        var stopping = registrar.Client.StopAsync(CancellationToken.None);
        registrar.Answer(200);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var count = registrar.Transport.KeepAlivesSent.Count;
        registrar.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(count, registrar.Transport.KeepAlivesSent.Count);
    }

    /// <summary>Pings are sent from a timer callback that continues asynchronously: wait for them to be recorded.</summary>
    private static async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>> read, int count)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (read().Count < count)
        {
            await Task.Delay(10, patience.Token);
        }

        return read();
    }

    /// <summary>Moves the clock a second at a time (up to <paramref name="limit"/>) until <paramref name="done"/>.</summary>
    private static async Task AdvanceUntilAsync(FakeRegistrar registrar, Func<bool> done, TimeSpan limit)
    {
        for (var moved = TimeSpan.Zero; moved <= limit && !done(); moved += TimeSpan.FromSeconds(1))
        {
            registrar.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        await WaitForAsync(() => done() ? [true] : Array.Empty<bool>(), 1);
    }
}
