// Verifies: with an injected clock (no sleeping on timing logic), the pump produces exactly one RTP
// packet per 20 ms of clock time with consecutive sequence numbers, timestamps 160 apart, the marker
// bit only on the first packet, a constant SSRC; RFC 4733 events keep their start timestamp while
// audio time runs on; RTCP SR + SDES arrive within the randomised first interval.
// Does not verify: wall-clock pacing (see TwoSessionsTests). A raw UDP socket plays the peer.
using System.Net;
using System.Net.Sockets;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Dtmf;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Loopback;

[Collection(RealTimeCollection.Name)]
public sealed class ManualClockTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Socket _peerRtp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _peerRtcp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private MediaSession _session = null!;

    public Task InitializeAsync()
    {
        _peerRtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)_peerRtp.LocalEndPoint!).Port;
        _peerRtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var rtcpPort = ((IPEndPoint)_peerRtcp.LocalEndPoint!).Port;
        _session = MediaSession.Create(CallPair.Options(), new NullAudioDevice(), timeProvider: _clock);
        var offer = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:{rtcpPort}\r\n";
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out _));
        Assert.True(_session.TryAnswerOffer(sdp, out _, out _));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        _peerRtp.Dispose();
        _peerRtcp.Dispose();
    }

    private async Task StartAsync()
    {
        var timers = _clock.TimerCount;
        _session.Start();

        // The RTCP timer and the pump's periodic timer.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_clock.TimerCount < timers + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }

    private async Task<List<(RtpHeader Header, byte[] Payload)>> ReceiveAsync(int count)
    {
        var packets = new List<(RtpHeader, byte[])>();
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (packets.Count < count)
        {
            var n = await _peerRtp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(RtpPacket.TryRead(buffer.AsSpan(0, n), out var header, out _));
            packets.Add((header, RtpPacket.GetPayload(buffer.AsSpan(0, n), header).ToArray()));
        }

        return packets;
    }

    private async Task AdvanceFramesAsync(int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(5));
            await Task.Yield();
        }
    }

    [Fact]
    public async Task EachTwentyMillisecondsOfClockTimeSendsOnePacket()
    {
        await StartAsync();

        await AdvanceFramesAsync(49);
        var packets = await ReceiveAsync(50);
        await Task.Delay(100);

        Assert.Equal(0, _peerRtp.Available);
        Assert.Equal(50, _session.GetStatistics().Frames);
        Assert.True(packets[0].Header.Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Header.Marker));
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[0].Header.SequenceNumber + i), packets[i].Header.SequenceNumber);
            Assert.Equal(unchecked(packets[0].Header.Timestamp + (uint)(160 * i)), packets[i].Header.Timestamp);
            Assert.Equal(packets[0].Header.Ssrc, packets[i].Header.Ssrc);
        }

        Assert.All(packets, p => Assert.Equal(0, p.Header.PayloadType));
        Assert.All(packets, p => Assert.Equal(160, p.Payload.Length));
        Assert.All(packets[5].Payload, b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task ADtmfDigitKeepsItsStartTimestampWhileAudioTimeRunsOn()
    {
        await StartAsync();
        var sent = _session.SendDtmfAsync("7");

        await AdvanceFramesAsync(12);
        var packets = await ReceiveAsync(13);
        await sent.WaitAsync(TimeSpan.FromSeconds(30));

        var events = packets.Where(p => p.Header.PayloadType == 101).ToList();
        Assert.Equal(7, events.Count);
        Assert.Single(events, e => e.Header.Marker);
        Assert.True(events[0].Header.Marker);
        Assert.All(events, e => Assert.Equal(events[0].Header.Timestamp, e.Header.Timestamp));
        Assert.True(TelephoneEvent.TryRead(events[^1].Payload, out var last));
        Assert.True(last.End);
        Assert.Equal(7, last.Event);
        var audioAfter = packets.First(p => p.Header.PayloadType == 0 && p.Header.SequenceNumber == (ushort)(events[^1].Header.SequenceNumber + 1));
        Assert.Equal(unchecked(events[0].Header.Timestamp + (7 * 160u)), audioAfter.Header.Timestamp);
    }

    [Fact]
    public async Task RtcpSenderReportArrivesWithinTheFirstInterval()
    {
        await StartAsync();
        await AdvanceFramesAsync(10);

        // The first report is due between 1.25 s and 3.75 s (half of 0.5-1.5 × 5 s).
        _clock.Advance(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(250));
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var n = await _peerRtcp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        Assert.True(RtcpCompound.TryRead(buffer.AsSpan(0, n), out var packets, out var error), error);
        var sr = Assert.IsType<RtcpSenderReport>(packets[0]);
        Assert.True(sr.PacketCount >= 10);
        var sdes = Assert.IsType<RtcpSourceDescription>(packets[1]);
        Assert.Equal(sr.Ssrc, sdes.Chunks[0].Ssrc);
        Assert.StartsWith("cti-", sdes.Chunks[0].Items[0].Text, StringComparison.Ordinal);
    }
}
