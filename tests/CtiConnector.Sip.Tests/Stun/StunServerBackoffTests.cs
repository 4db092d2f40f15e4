using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Stun;
using CtiConnector.Testing.Time;

namespace CtiConnector.Sip.Tests.Stun;

/// <summary>
/// The memory of a failed STUN server: after a failure the server is not asked for the hold-off (on a manual clock),
/// then asked once again; one failure is reported as the change worth a warning, the next ones not.
/// The server is a real UDP socket on loopback that never answers; the client's retransmissions are short.
/// </summary>
public sealed class StunServerBackoffTests : IDisposable
{
    private static readonly StunClientOptions s_quick = new() { InitialRto = TimeSpan.FromMilliseconds(5), MaxRequests = 2, FinalWaitFactor = 2 };

    private readonly Socket _silentServer = Bound();
    private readonly Socket _client = Bound();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose()
    {
        _silentServer.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task AServerThatNeverAnswersIsNotAskedAgainUntilTheHoldOffIsOver()
    {
        var backoff = new StunServerBackoff(TimeSpan.FromSeconds(60), _clock);
        var server = (IPEndPoint)_silentServer.LocalEndPoint!;
        Assert.False(backoff.IsHoldingOff(out _));

        var first = await QueryAsync(server);

        Assert.False(first.Succeeded);
        Assert.Equal(StunServerChange.WentDown, backoff.Record(first));
        Assert.True(backoff.IsHoldingOff(out var reason));
        Assert.Equal(first.Failure, reason);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(backoff.IsHoldingOff(out _));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(backoff.IsHoldingOff(out _));

        // Asked again once the hold-off is over, and still silent: held off again, without a second warning.
        Assert.Equal(StunServerChange.StillDown, backoff.Record(await QueryAsync(server)));
        Assert.True(backoff.IsHoldingOff(out _));
        Assert.True(await CountRequestsAsync(server) >= 2 * s_quick.MaxRequests, "the silent server did not receive both queries");
    }

    [Fact]
    public void AnAnswerAfterAFailureEndsTheHoldOffAndSaysTheServerIsBack()
    {
        var backoff = new StunServerBackoff(TimeSpan.FromSeconds(60), _clock);

        Assert.Equal(StunServerChange.WentDown, backoff.Record(StunResult.Failed("no answer")));
        Assert.Equal(StunServerChange.CameBack, backoff.Record(StunResult.Success(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000))));

        Assert.False(backoff.IsHoldingOff(out var reason));
        Assert.Null(reason);
        Assert.Equal(StunServerChange.None, backoff.Record(StunResult.Success(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000))));
    }

    private async Task<StunResult> QueryAsync(IPEndPoint server)
    {
        var stun = new StunClient(async (bytes, to, ct) => await _client.SendToAsync(bytes, SocketFlags.None, to, ct), s_quick);
        return await stun.QueryAsync(server, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads what reached the silent server (it never answers): every request the client sent is there.</summary>
    private async Task<int> CountRequestsAsync(IPEndPoint server)
    {
        var buffer = new byte[1500];
        var count = 0;
        while (_silentServer.Available > 0 || count < 2 * s_quick.MaxRequests)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = await _silentServer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), patience.Token);
            Assert.True(StunMessage.IsStun(buffer.AsSpan(0, received.ReceivedBytes)));
            count++;
        }

        Assert.Equal(server, _silentServer.LocalEndPoint);
        return count;
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
