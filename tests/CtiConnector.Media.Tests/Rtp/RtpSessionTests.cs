// Verifies: symmetric RTP latching rules of RtpSession on real loopback sockets: the first accepted
// packet fixes the source; another address with another SSRC is dropped; the same SSRC from a new
// address (NAT rebinding) moves the send target; unexpected payload types are dropped.
// Does not verify: RTCP (see ManualClockTests) or audio (see TwoSessionsTests).
using System.Net;
using System.Net.Sockets;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Tests.Loopback;

namespace CtiConnector.Media.Tests.Rtp;

[Collection(RealTimeCollection.Name)]
public sealed class RtpSessionTests : IAsyncLifetime
{
    private readonly Socket _peer = NewSocket();
    private readonly Socket _stranger = NewSocket();
    private RtpSession _session = null!;
    private int _received;

    public Task InitializeAsync()
    {
        _session = RtpSession.Bind(IPAddress.Loopback, new RtpPortRange(30000, 39999));
        _session.PacketReceived = (in RtpHeader _, ReadOnlySpan<byte> _) => Interlocked.Increment(ref _received);
        _session.Configure((IPEndPoint)_peer.LocalEndPoint!, null, new HashSet<int> { 0 });
        _session.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        _peer.Dispose();
        _stranger.Dispose();
    }

    private static Socket NewSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private void SendFrom(Socket socket, uint ssrc, int payloadType = 0, ushort sequence = 1)
    {
        var buffer = new byte[32];
        var length = RtpPacket.Write(buffer, new RtpHeader { PayloadType = payloadType, SequenceNumber = sequence, Timestamp = sequence * 160u, Ssrc = ssrc }, new byte[20]);
        socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, _session.LocalRtpEndPoint);
    }

    /// <summary>Waits (at most 30 s, so that a broken path fails rather than hangs) for a condition seen from outside.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    private async Task<int> WaitReceivedAsync(int atLeast)
    {
        await WaitUntilAsync(() => Volatile.Read(ref _received) >= atLeast);
        return Volatile.Read(ref _received);
    }

    private static async Task<bool> GetsPacketAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ReceiveAsync(new byte[1500], SocketFlags.None, timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task AStrangerWithAnotherSsrcIsDroppedAfterLatching()
    {
        SendFrom(_peer, 0xAAAA);
        Assert.Equal(1, await WaitReceivedAsync(1));

        SendFrom(_stranger, 0xBBBB, sequence: 2);
        await WaitUntilAsync(() => _session.GetStatistics().PacketsDropped >= 1);
        _session.SendAudio(0, new byte[160], 160);

        Assert.Equal(1, Volatile.Read(ref _received));
        Assert.Equal(1, _session.GetStatistics().PacketsDropped);
        Assert.Equal(0xAAAAu, _session.GetStatistics().RemoteSsrc);
        Assert.True(await GetsPacketAsync(_peer));
    }

    [Fact]
    public async Task TheLatchedSsrcFromANewAddressMovesTheSendTarget()
    {
        SendFrom(_peer, 0xAAAA);
        await WaitReceivedAsync(1);

        SendFrom(_stranger, 0xAAAA, sequence: 2);
        Assert.Equal(2, await WaitReceivedAsync(2));
        _session.SendAudio(0, new byte[160], 160);

        Assert.Equal(_stranger.LocalEndPoint, _session.GetStatistics().RemoteEndPoint);
        Assert.True(await GetsPacketAsync(_stranger));
    }

    [Fact]
    public async Task UnexpectedPayloadTypesAndGarbageAreDropped()
    {
        SendFrom(_peer, 0xAAAA, payloadType: 18);
        _peer.SendTo(new byte[] { 1, 2, 3 }, _session.LocalRtpEndPoint);
        SendFrom(_peer, 0xAAAA, payloadType: 0, sequence: 3);

        Assert.Equal(1, await WaitReceivedAsync(1));
        await WaitUntilAsync(() => _session.GetStatistics().PacketsDropped >= 2);
        Assert.Equal(2, _session.GetStatistics().PacketsDropped);
        Assert.Equal(1, _session.GetStatistics().PacketsReceived);
    }
}
