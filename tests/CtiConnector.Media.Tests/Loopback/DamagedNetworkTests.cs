// Verifies: end to end over real sockets, a stream that loses, reorders and duplicates packets on
// the way still plays the sender's tone at its frequency: losses are counted from sequence numbers,
// duplicates and reordering are absorbed by the jitter buffer, lost frames are concealed. And that a
// third-party RTP endpoint (sipp's RTP echo) interoperates, with symmetric RTP to its address.
// Does not verify: delay spikes beyond the jitter buffer depth (unit-tested in JitterBufferTests).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Loopback;

[Collection(RealTimeCollection.Name)]
public sealed class DamagedNetworkTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LossReorderingAndDuplicatesAreAbsorbedAndTheToneSurvives()
    {
        var tone = _dir.File("tone.wav");
        WavWriter.WriteFile(tone, Signal.Sine(1000, 5));
        var output = _dir.File("out.wav");
        await using var a = MediaSession.Create(CallPair.Options(), new WavFileAudioDevice(tone, null));
        await using var b = MediaSession.Create(CallPair.Options(), new WavFileAudioDevice(null, output));
        await using var relay = new LossyRelay(b.LocalRtpEndPoint, dropEvery: 9, swapEvery: 7, duplicateEvery: 20);

        // Both descriptions are rewritten so that each side sends through the relay (otherwise
        // symmetric RTP would rightly latch onto the direct path).
        var offer = a.CreateOffer().ToString().Replace($"m=audio {a.LocalRtpEndPoint.Port} ", $"m=audio {relay.EndPoint.Port} ", StringComparison.Ordinal);
        Assert.True(b.TryAnswerOffer(Reparse(offer), out var answer, out _));
        var viaRelay = answer.ToString().Replace($"m=audio {b.LocalRtpEndPoint.Port} ", $"m=audio {relay.EndPoint.Port} ", StringComparison.Ordinal);
        Assert.True(a.TryApplyAnswer(Reparse(viaRelay), out _));
        a.Start();
        b.Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (relay.Dropped < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Stop the sender, let the last packets land, then compare.
        var sent = a.GetStatistics();
        a.Muted = true;
        await a.DisposeAsync();
        await Task.Delay(300);
        var stats = b.GetStatistics();
        Assert.True(relay.Dropped >= 10, $"relay dropped {relay.Dropped} of {relay.Forwarded}, A sent {sent.Rtp.PacketsSent} to {sent.Rtp.RemoteEndPoint} (relay {relay.EndPoint}), frames {sent.Frames}, failure: {relay.Failure}");

        // RFC 3550 §6.4.1: the cumulative loss counts duplicates as received, so it is dropped − duplicated.
        var expectedLost = relay.Dropped - relay.Duplicated;
        Assert.True(Math.Abs(stats.Rtp.PacketsLost - expectedLost) <= 1, $"{stats.Rtp.PacketsLost} lost counted; relay dropped {relay.Dropped}, duplicated {relay.Duplicated}");
        Assert.True(stats.DuplicatePackets >= 1, $"{stats.DuplicatePackets} duplicates seen");
        Assert.True(stats.FramesConcealed >= relay.Dropped / 2, $"{stats.FramesConcealed} concealed for {relay.Dropped} dropped");
        await b.DisposeAsync();

        var loud = Signal.Loud(WavReader.ReadSamples(output));
        Assert.True(loud.Length >= 12000, $"only {loud.Length} loud samples");
        Assert.Equal(1000, Signal.Dominant(loud, 1000, 600, 1200));
    }

    [RequiresPeerFact("sipp")]
    public async Task SippsRtpEchoSendsOurToneBackToUs()
    {
        var mediaPort = 46000 + (2 * Random.Shared.Next(1500));
        var sipPort = 43000 + Random.Shared.Next(2000);
        var start = new ProcessStartInfo(Peers.Require("sipp")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sn", "uas", "-i", "127.0.0.1", "-p", sipPort.ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1", "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-rtp_echo", "-nostdin", "-m", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        using var sipp = Process.Start(start)!;
        sipp.OutputDataReceived += (_, _) => { };
        sipp.ErrorDataReceived += (_, _) => { };
        sipp.BeginOutputReadLine();
        sipp.BeginErrorReadLine();
        try
        {
            await Task.Delay(500);
            var tone = _dir.File("tone.wav");
            WavWriter.WriteFile(tone, Signal.Sine(1000, 5));
            var output = _dir.File("echo.wav");
            var session = MediaSession.Create(CallPair.Options(), new WavFileAudioDevice(tone, output));
            await using (session)
            {
                session.CreateOffer();
                Assert.True(session.TryApplyAnswer(Reparse($"v=0\r\no=sipp 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {mediaPort} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"), out _));
                session.Start();
                await Task.Delay(2000);

                var stats = session.GetStatistics().Rtp;
                Assert.True(stats.PacketsReceived > 50, $"{stats.PacketsReceived} packets echoed");
                Assert.Equal(new IPEndPoint(IPAddress.Loopback, mediaPort), stats.RemoteEndPoint);
            }

            var loud = Signal.Loud(WavReader.ReadSamples(output));
            Assert.True(loud.Length >= 8000, $"only {loud.Length} loud samples");
            Assert.InRange(Signal.ZeroCrossingFrequency(loud), 970, 1030);
        }
        finally
        {
            if (!sipp.HasExited)
            {
                sipp.Kill();
                sipp.WaitForExit(5000);
            }
        }
    }

    private static SessionDescription Reparse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error?.ToString());
        return sdp;
    }
}
