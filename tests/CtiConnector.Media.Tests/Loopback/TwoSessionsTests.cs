// Verifies: two MediaSessions on 127.0.0.1 over real UDP sockets carry audio both ways (a tone read
// from a WAV file on one side comes out, at the same frequency, in the other side's output WAV),
// codec preference, RFC 4733 DTMF end to end, hold/resume on the same socket, mute, symmetric RTP
// after a wrong address in the SDP, RTCP reports, port allocation and release.
// Does not verify: behaviour across a real NAT, packet loss on the wire (see JitterBufferTests),
// or interoperability with other implementations (the telephony tests run sipp/baresip for that).
using System.Net;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Loopback;

[Collection(RealTimeCollection.Name)]
public sealed class TwoSessionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ToneFile(string name, double frequency, double seconds = 5)
    {
        var path = _dir.File(name);
        WavWriter.WriteFile(path, Signal.Sine(frequency, seconds));
        return path;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static void AssertTone(string wav, double frequency, double other)
    {
        var loud = Signal.Loud(WavReader.ReadSamples(wav));
        Assert.True(loud.Length >= 8000, $"{wav}: only {loud.Length} loud samples");
        Assert.Equal(frequency, Signal.Dominant(loud, frequency, other));
        Assert.InRange(Signal.ZeroCrossingFrequency(loud), frequency * 0.97, frequency * 1.03);
    }

    [Fact]
    public async Task AToneFromAWavFileIsHeardAtTheSameFrequencyOnTheOtherSideBothWays()
    {
        var aOut = _dir.File("a-out.wav");
        var bOut = _dir.File("b-out.wav");
        var call = CallPair.Connect(
            new WavFileAudioDevice(ToneFile("a-in.wav", 1000), aOut),
            new WavFileAudioDevice(ToneFile("b-in.wav", 600), bOut));
        await using (call)
        {
            // 1.5 s of audio played on each side (the tone checks below want 1 s of it), however slowly the machine runs.
            await WaitUntilAsync(() => call.A.GetStatistics().FramesPlayed >= 75 && call.B.GetStatistics().FramesPlayed >= 75, TimeSpan.FromSeconds(60));
            var a = call.A.GetStatistics();
            var b = call.B.GetStatistics();

            // Packets flowed both ways and none went missing on loopback. The pacing itself (one packet per 20 ms)
            // is checked on a manual clock in ManualClockTests, not against the wall clock here.
            Assert.True(a.Rtp.PacketsReceived > 0, "A received no RTP.");
            Assert.True(b.Rtp.PacketsReceived > 0, "B received no RTP.");
            Assert.Equal(0, b.Rtp.PacketsLost);
            Assert.Equal(AudioCodec.Pcmu, a.Negotiated!.Codec);
        }

        AssertTone(bOut, 1000, 600);
        AssertTone(aOut, 600, 1000);
    }

    [Fact]
    public async Task AnALawFirstAnswererMakesBothSidesUsePcma()
    {
        var bOut = _dir.File("b-out.wav");
        var alawFirst = CallPair.Options(new AudioNegotiationOptions { CodecPreference = [AudioCodec.Pcma, AudioCodec.Pcmu] });
        var call = CallPair.Connect(new WavFileAudioDevice(ToneFile("a-in.wav", 1000), null), new WavFileAudioDevice(null, bOut), optionsB: alawFirst);
        await using (call)
        {
            Assert.Equal(AudioCodec.Pcma, call.A.Negotiated!.Codec);
            Assert.Equal(AudioCodec.Pcma, call.B.Negotiated!.Codec);

            // 1.5 s of audio received (the check below wants 1 s of it played), however slowly the machine runs.
            await WaitUntilAsync(() => call.B.GetStatistics().FramesPlayed >= 75, TimeSpan.FromSeconds(60));
        }

        AssertTone(bOut, 1000, 600);
    }

    [Fact]
    public async Task DtmfDigitsArriveOnceEachInOrder()
    {
        await using var call = CallPair.Connect(new NullAudioDevice(), new NullAudioDevice());
        var received = new List<char>();
        call.B.DtmfReceived += (_, e) =>
        {
            lock (received)
            {
                received.Add(e.Digit);
            }
        };

        await call.A.SendDtmfAsync("19*#A").WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => { lock (received) { return received.Count >= 5; } }, TimeSpan.FromSeconds(30));

        // A digit reported twice would come with the next packets: let some more arrive before looking.
        await WaitForPacketsAsync(call.B, call.B.GetStatistics().Rtp.PacketsReceived + 10);

        lock (received)
        {
            Assert.Equal("19*#A", new string([.. received]));
        }
    }

    [Fact]
    public async Task WithoutTelephoneEventDtmfIsSentInBand()
    {
        var bOut = _dir.File("b-out.wav");
        var noEvents = CallPair.Options(new AudioNegotiationOptions { TelephoneEvents = false });
        var call = CallPair.Connect(new NullAudioDevice(), new WavFileAudioDevice(null, bOut), optionsB: noEvents);
        await using (call)
        {
            Assert.Null(call.A.Negotiated!.TelephoneEventPayloadType);
            await WaitUntilAsync(() => call.B.GetStatistics().FramesPlayed >= 15, TimeSpan.FromSeconds(60));
            await call.A.SendDtmfAsync("5").WaitAsync(TimeSpan.FromSeconds(30));

            // The tone has been sent: wait until B has played half a second more, which takes it through the jitter buffer.
            var played = call.B.GetStatistics().FramesPlayed;
            await WaitUntilAsync(() => call.B.GetStatistics().FramesPlayed >= played + 25, TimeSpan.FromSeconds(60));
        }

        var loud = Signal.Loud(WavReader.ReadSamples(bOut));
        Assert.True(loud.Length >= 480, $"only {loud.Length} loud samples");
        Assert.Equal(770, Signal.Dominant(loud, 697, 770, 852, 941));
        Assert.Equal(1336, Signal.Dominant(loud, 1209, 1336, 1477, 1633));
    }

    [Fact]
    public async Task HoldStopsTheHeldSideFromSendingAndResumeRestoresItOnTheSameSocket()
    {
        await using var call = CallPair.Connect(new WavFileAudioDevice(ToneFile("a.wav", 1000), null), new WavFileAudioDevice(ToneFile("b.wav", 600), null));
        var port = call.A.LocalRtpEndPoint;
        await WaitForPacketsAsync(call.A, 10);
        await WaitForPacketsAsync(call.B, 10);

        // A puts B on hold: A offers sendonly, B answers recvonly.
        var hold = call.A.CreateOffer(MediaDirection.SendOnly);
        Assert.True(call.B.TryAnswerOffer(Reparse(hold), out var holdAnswer, out _));
        Assert.True(call.A.TryApplyAnswer(Reparse(holdAnswer), out _));
        Assert.Equal(MediaDirection.SendOnly, call.A.Negotiated!.Direction);
        Assert.Equal(MediaDirection.RecvOnly, call.B.Negotiated!.Direction);

        // Let what B sent before the hold land (measured in A's packets reaching B, not in wall-clock time), then A
        // must receive nothing more while B goes on receiving.
        await WaitForPacketsAsync(call.B, call.B.GetStatistics().Rtp.PacketsReceived + 10);
        var heldA = call.A.GetStatistics().Rtp.PacketsReceived;
        var heldB = call.B.GetStatistics().Rtp.PacketsReceived;
        Assert.True(await WaitForPacketsAsync(call.B, heldB + 30) >= heldB + 30);
        Assert.Equal(heldA, call.A.GetStatistics().Rtp.PacketsReceived);

        var resume = call.A.CreateOffer(MediaDirection.SendRecv);
        Assert.True(resume.Origin.SessionVersion > hold.Origin.SessionVersion);
        Assert.True(call.B.TryAnswerOffer(Reparse(resume), out var resumeAnswer, out _));
        Assert.True(call.A.TryApplyAnswer(Reparse(resumeAnswer), out _));

        Assert.True(await WaitForPacketsAsync(call.A, heldA + 15) >= heldA + 15);
        Assert.Equal(port, call.A.LocalRtpEndPoint);
        Assert.Equal(MediaDirection.SendRecv, call.B.Negotiated!.Direction);
    }

    [Fact]
    public async Task WhileWeHoldTheHeldPartyHearsSilenceNotTheRoom()
    {
        var bOut = _dir.File("b-out.wav");
        var call = CallPair.Connect(new WavFileAudioDevice(ToneFile("a.wav", 1000), null), new WavFileAudioDevice(null, bOut));
        long before, after;
        await using (call)
        {
            var hold = call.A.CreateOffer(MediaDirection.SendOnly);
            Assert.True(call.B.TryAnswerOffer(Reparse(hold), out var answer, out _));
            Assert.True(call.A.TryApplyAnswer(Reparse(answer), out _));
            await Task.Delay(300);
            before = call.B.GetStatistics().Rtp.PacketsReceived;
            after = await WaitForPacketsAsync(call.B, before + 20);
        }

        // The first frames before the re-offer may carry the tone; after it, silence keeps flowing.
        var samples = WavReader.ReadSamples(bOut);
        Assert.True(after - before >= 20, $"{after - before} packets during hold");
        Assert.Empty(Signal.Loud(samples.AsSpan(Math.Min(samples.Length, 8000 * 3 / 10)), 100));
    }

    [Fact]
    public async Task MuteSendsSilenceAndKeepsPacketsFlowing()
    {
        var bOut = _dir.File("b-out.wav");
        var call = CallPair.Connect(new WavFileAudioDevice(ToneFile("a.wav", 1000), null), new WavFileAudioDevice(null, bOut));
        long before, after;
        await using (call)
        {
            call.A.Muted = true;
            await Task.Delay(300);
            before = call.B.GetStatistics().Rtp.PacketsReceived;
            after = await WaitForPacketsAsync(call.B, before + 30);
        }

        // Packets keep flowing while muted (waited for, not timed: a loaded machine stretches any window).
        Assert.True(after - before >= 30, $"{after - before} packets while muted");
        Assert.Empty(Signal.Loud(WavReader.ReadSamples(bOut), 100));
    }

    [Fact]
    public async Task SymmetricRtpAnswersWhereMediaComesFromNotWhereTheSdpSaid()
    {
        int realPort = 0;
        var wrongPort = 0;
        var call = CallPair.Connect(
            new WavFileAudioDevice(ToneFile("a.wav", 1000), null),
            new NullAudioDevice(),
            tamperOffer: offer =>
            {
                // As if a NAT rewrote A's port: the SDP announces a port nobody listens on.
                var line = offer.Split("\r\n").First(l => l.StartsWith("m=audio ", StringComparison.Ordinal));
                realPort = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                wrongPort = realPort + 2000;
                return offer.Replace(line, line.Replace($" {realPort} ", $" {wrongPort} ", StringComparison.Ordinal), StringComparison.Ordinal);
            });
        await using (call)
        {
            Assert.Equal(wrongPort, call.B.Negotiated!.RemoteRtp!.Port);
            await WaitUntilAsync(() => call.A.GetStatistics().Rtp.PacketsReceived > 20, TimeSpan.FromSeconds(30));

            Assert.Equal(new IPEndPoint(IPAddress.Loopback, realPort), call.B.GetStatistics().Rtp.RemoteEndPoint);
            Assert.True(call.A.GetStatistics().Rtp.PacketsReceived > 20);
        }
    }

    [Fact]
    public async Task RtcpReportsFlowBothWays()
    {
        var fastRtcp = CallPair.Options(rtcp: TimeSpan.FromMilliseconds(300));
        await using var call = CallPair.Connect(new NullAudioDevice(), new NullAudioDevice(), fastRtcp, fastRtcp);

        await WaitUntilAsync(
            () => call.A.GetStatistics().Rtp is { RoundTripTime: not null, RtcpReceived: >= 2 } && call.B.GetStatistics().Rtp.RtcpReceived >= 2,
            TimeSpan.FromSeconds(60));

        var a = call.A.GetStatistics().Rtp;
        Assert.True(a.RtcpReceived >= 2, $"A received {a.RtcpReceived} RTCP packets");
        Assert.True(a.RtcpSent >= 2);
        Assert.Equal(0.0, a.RemoteFractionLost);
        Assert.NotNull(a.RoundTripTime);
        // Only sane, not fast: a loaded machine may hold a report back for a while (RFC 3550 §6.4.1 arithmetic).
        Assert.InRange(a.RoundTripTime.Value, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var b = call.B.GetStatistics().Rtp;
        Assert.True(b.RtcpReceived >= 2, $"B received {b.RtcpReceived} RTCP packets");
        Assert.Equal(0.0, b.RemoteFractionLost);
    }

    [Fact]
    public async Task PortsAreEvenPairsFromTheRangeAndAreReleasedOnDispose()
    {
        var options = new MediaSessionOptions { LocalAddress = IPAddress.Loopback, PortRange = new RtpPortRange(41000, 41003) };
        var first = MediaSession.Create(options, new NullAudioDevice());
        var second = MediaSession.Create(options, new NullAudioDevice());

        Assert.Equal(new[] { 41000, 41002 }, new[] { first.LocalRtpEndPoint.Port, second.LocalRtpEndPoint.Port }.Order());
        var full = Assert.Throws<MediaException>(() => MediaSession.Create(options, new NullAudioDevice()));
        Assert.Contains("41000-41003", full.Message, StringComparison.Ordinal);

        var released = first.LocalRtpEndPoint.Port;
        await first.DisposeAsync();
        await using var third = MediaSession.Create(options, new NullAudioDevice());
        Assert.Equal(released, third.LocalRtpEndPoint.Port);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task AnAnswerInA183ThenThe200OkAppliesTwiceAndTheLatestWins()
    {
        await using var a = MediaSession.Create(CallPair.Options(), new NullAudioDevice());
        var offer = a.CreateOffer();
        SessionDescription Answer(int port, string codec) =>
            Reparse(ParseText($"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP {codec}\r\n"));

        Assert.True(a.TryApplyAnswer(Answer(5000, "0"), out _));
        Assert.True(a.TryApplyAnswer(Answer(6000, "8"), out _));

        Assert.Equal(6000, a.Negotiated!.RemoteRtp!.Port);
        Assert.Equal(AudioCodec.Pcma, a.Negotiated.Codec);
        Assert.Equal(MediaDirection.SendRecv, offer.Media[0].Direction);
    }

    [Fact]
    public async Task DtmfOnHoldFailsInsteadOfWaitingForever()
    {
        await using var call = CallPair.Connect(new NullAudioDevice(), new NullAudioDevice());
        var hold = call.A.CreateOffer(MediaDirection.Inactive);
        Assert.True(call.B.TryAnswerOffer(Reparse(hold), out var answer, out _));
        Assert.True(call.A.TryApplyAnswer(Reparse(answer), out _));

        var ex = await Assert.ThrowsAsync<MediaException>(() => call.A.SendDtmfAsync("1").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("hold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BindingToAnyAddressNeedsAnAdvertisedAddressForTheSdp()
    {
        var range = new RtpPortRange(42000, 42099);
        Assert.Throws<ArgumentException>(() => MediaSession.Create(new MediaSessionOptions { LocalAddress = IPAddress.Any, PortRange = range }, new NullAudioDevice()));

        await using var session = MediaSession.Create(new MediaSessionOptions { LocalAddress = IPAddress.Any, AdvertisedAddress = IPAddress.Parse("192.0.2.7"), PortRange = range }, new NullAudioDevice());
        var offer = session.CreateOffer();

        Assert.Equal("192.0.2.7", offer.Connection!.Address);
        Assert.Equal("192.0.2.7", offer.Origin.UnicastAddress);
        Assert.Equal(session.LocalRtpEndPoint.Port, offer.Media[0].Port);
        Assert.Equal(IPAddress.Any, session.LocalRtpEndPoint.Address);
    }

    [Fact]
    public async Task TheSdpVersionGrowsOnlyWhenTheDescriptionChanges()
    {
        await using var session = MediaSession.Create(CallPair.Options(), new NullAudioDevice());

        var first = session.CreateOffer();
        var same = session.CreateOffer();
        var hold = session.CreateOffer(MediaDirection.SendOnly);

        Assert.Equal(first.Origin.SessionVersion, same.Origin.SessionVersion);
        Assert.Equal(first.Origin.SessionVersion + 1, hold.Origin.SessionVersion);
        Assert.Equal(first.Origin.SessionId, hold.Origin.SessionId);
    }

    [Fact]
    public async Task AnOfferWithNothingUsableIsRefusedFor488()
    {
        await using var session = MediaSession.Create(CallPair.Options(), new NullAudioDevice());
        Assert.True(SessionDescription.TryParse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 18\r\n", out var offer, out _));

        Assert.False(session.TryAnswerOffer(offer, out var answer, out var failure));

        Assert.Null(answer);
        Assert.Equal(NegotiationFailureKind.NoCommonCodec, failure.Kind);
        Assert.Null(session.Negotiated);
    }

    [Fact]
    public async Task RingbackIsPlayedLocallyUntilCleared()
    {
        var output = _dir.File("ringback.wav");
        var session = MediaSession.Create(CallPair.Options(), new WavFileAudioDevice(null, output));
        await using (session)
        {
            session.PlayLocalTone(ToneGenerator.Ringback(440, 2000, 4000));
            session.Start();

            // Wait for half a second of audio to be written (not for wall-clock time: a loaded machine plays late).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!timeout.IsCancellationRequested && (!File.Exists(output) || new FileInfo(output).Length < 44 + (8000 * 2 / 2)))
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }

        var loud = Signal.Loud(WavReader.ReadSamples(output));
        Assert.True(loud.Length >= 3200);
        Assert.InRange(Signal.ZeroCrossingFrequency(loud), 430, 450);
    }

    private static SessionDescription ParseText(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var parsed, out var error), error?.ToString());
        return parsed;
    }

    private static SessionDescription Reparse(SessionDescription sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp.ToString(), out var parsed, out _));
        return parsed;
    }

    /// <summary>Waits (at most 30 s, so a broken flow fails rather than hangs) until <paramref name="session"/> has received <paramref name="count"/> packets.</summary>
    private static async Task<long> WaitForPacketsAsync(MediaSession session, long count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long received;
        while ((received = session.GetStatistics().Rtp.PacketsReceived) < count && !timeout.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        return received;
    }
}
