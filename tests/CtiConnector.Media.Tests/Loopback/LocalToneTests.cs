// Verifies: a local tone (ring, ringback) played before Start reaches the device and nothing else happens: the
// microphone is not read and no RTP leaves, though the peer's address is already negotiated; stopping the tone
// silences the device; Start then sends RTP. Frames are stepped by hand on a manual clock.
// Does not verify: wall-clock pacing (see TwoSessionsTests), the telephony layer's choice of tone (see the
// telephony tests).
using System.Net;
using System.Net.Sockets;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Loopback;

public sealed class LocalToneTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly RecordingDevice _device = new();
    private MediaSession _session = null!;

    public Task InitializeAsync()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)_peer.LocalEndPoint!).Port;
        _session = MediaSession.Create(CallPair.Options(), _device, timeProvider: _clock);
        var offer = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\n";
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out _));
        Assert.True(_session.TryAnswerOffer(sdp, out _, out _));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        _peer.Dispose();
    }

    [Fact]
    public void RingBeforeStartReachesTheDeviceOnlyAndStopsWhenCleared()
    {
        _session.PlayLocalTone(ToneGenerator.Ring());
        Step(50); // the first second: the ring's "on" period

        var ring = _device.Written.ToArray();
        Assert.Equal(50 * AudioFormat.FrameSamples, ring.Length);
        var off = Signal.Goertzel(ring, 1000);
        Assert.True(Signal.Goertzel(ring, 440) > 100 * off, "no 440 Hz in the ring");
        Assert.True(Signal.Goertzel(ring, 480) > 100 * off, "no 480 Hz in the ring");
        Assert.Equal(0, _device.Reads);
        Assert.Equal(0, _peer.Available);
        Assert.Equal(0, _session.GetStatistics().Rtp.PacketsSent);

        _session.PlayLocalTone(null);
        _device.Written.Clear();
        Step(10);

        Assert.Equal(0, Signal.Rms(_device.Written.ToArray()));
    }

    [Fact]
    public async Task AfterStartTheSameFramesSendRtp()
    {
        _session.PlayLocalTone(ToneGenerator.Ringback());
        Step(5);
        Assert.Equal(0, _peer.Available);

        _session.PlayLocalTone(null);
        _session.Start();
        Step(3);

        Assert.Equal(3, _session.GetStatistics().Rtp.PacketsSent);
        Assert.Equal(3, _device.Reads);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await _peer.ReceiveAsync(new byte[1500], SocketFlags.None, timeout.Token);
        Assert.True(received > 12);
    }

    [Fact]
    public async Task TheCallWaitingBeepsMixIntoWhatIsPlayedAndAreNeverSent()
    {
        _session.Start();
        _session.PlayOverlayTone(ToneGenerator.CallWaiting());
        Step(15); // the first 300 ms beep

        var beep = _device.Written.ToArray();
        Assert.True(Signal.Goertzel(beep, 440) > 100 * Signal.Goertzel(beep, 1000), "no 440 Hz beep in what is played");
        _device.Written.Clear();
        Step(10); // the 200 ms gap between the two beeps
        Assert.Equal(0, Signal.Rms(_device.Written.ToArray()));

        // What the peer receives is the microphone (silence here), not the beep: PCMU silence is 0xFF.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var packet = new byte[1500];
        var length = await _peer.ReceiveAsync(packet, SocketFlags.None, timeout.Token);
        Assert.All(packet.AsSpan(12, length - 12).ToArray(), b => Assert.Equal(0xFF, b));

        _session.PlayOverlayTone(null);
        _device.Written.Clear();
        Step(15);
        Assert.Equal(0, Signal.Rms(_device.Written.ToArray()));
    }

    [Fact]
    public void MixingAddsTheToneOverWhatIsThereAndSaturates()
    {
        var always = new ToneGenerator([440], null, 4000);
        var reference = new short[160];
        always.Fill(reference);

        var mixed = new short[160];
        Array.Fill(mixed, (short)1000);
        always.Restart();
        always.Mix(mixed);
        Assert.Equal(reference.Select(r => (short)(r + 1000)), mixed);

        Array.Fill(mixed, short.MaxValue);
        always.Restart();
        always.Mix(mixed);
        Assert.Equal(short.MaxValue, mixed.Max());
        Assert.Contains(mixed, m => m < short.MaxValue); // the tone's negative half pulls below the ceiling
        Assert.DoesNotContain(mixed, m => m < short.MaxValue - 4001);
    }

    private void Step(int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            _session.ProcessFrame();
        }
    }

    /// <summary>Keeps what is played; counts microphone reads (and returns silence).</summary>
    private sealed class RecordingDevice : IAudioDevice
    {
        public string Name => "recording";

        public List<short> Written { get; } = [];

        public int Reads { get; private set; }

        public bool ReadFrame(Span<short> frame)
        {
            Reads++;
            frame.Clear();
            return true;
        }

        public void WriteFrame(ReadOnlySpan<short> frame) => Written.AddRange(frame.ToArray());

        public void Dispose()
        {
        }
    }
}
