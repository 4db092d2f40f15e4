// Verifies: end to end over real sockets, a stream that loses, reorders and duplicates packets on
// the way still plays the sender's tone at its frequency: losses are counted from sequence numbers,
// duplicates and reordering are absorbed by the jitter buffer, lost frames are concealed. And that a
// third-party RTP endpoint (sipp's RTP echo) interoperates, with symmetric RTP to its address.
// Does not verify: delay spikes beyond the jitter buffer depth (unit-tested in JitterBufferTests).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
        var tone = _dir.File("tone.wav");
        WavWriter.WriteFile(tone, Signal.Sine(1000, 5));
        var output = _dir.File("echo.wav");

        // The ports are free when chosen, but sipp binds them a moment later: when something took one in between,
        // sipp exits at once, and it is started again on others.
        for (var attempt = 1; ; attempt++)
        {
            var mediaPort = FreeUdpPort(pairs: 2);
            var sipPort = FreeUdpPort(pairs: 0);
            var errors = new List<string>();
            var start = new ProcessStartInfo(Peers.Require("sipp")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-sn", "uas", "-i", "127.0.0.1", "-p", sipPort.ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1", "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-rtp_echo", "-nostdin", "-m", "1" })
            {
                start.ArgumentList.Add(arg);
            }

            using var sipp = Process.Start(start)!;
            sipp.OutputDataReceived += (_, _) => { };
            sipp.ErrorDataReceived += (_, e) =>
            {
                lock (errors)
                {
                    errors.Add(e.Data ?? string.Empty);
                }
            };
            sipp.BeginOutputReadLine();
            sipp.BeginErrorReadLine();
            try
            {
                var session = MediaSession.Create(CallPair.Options(), new WavFileAudioDevice(tone, output));
                await using (session)
                {
                    session.CreateOffer();
                    Assert.True(session.TryApplyAnswer(Reparse($"v=0\r\no=sipp 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {mediaPort} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"), out _));
                    session.Start();

                    // What we send before sipp listens is lost: wait for 1.5 s of echo, not for wall-clock time.
                    var deadline = DateTime.UtcNow.AddSeconds(60);
                    while (session.GetStatistics().FramesPlayed < 75 && !sipp.HasExited && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(20);
                    }

                    if (sipp.HasExited && attempt < 3 && session.GetStatistics().FramesPlayed < 75)
                    {
                        continue;
                    }

                    var stats = session.GetStatistics().Rtp;
                    string said;
                    lock (errors)
                    {
                        said = string.Join('\n', errors);
                    }

                    Assert.True(stats.PacketsReceived > 50, $"{stats.PacketsReceived} packets echoed; sipp said: {said}");
                    Assert.Equal(new IPEndPoint(IPAddress.Loopback, mediaPort), stats.RemoteEndPoint);
                }

                var loud = Signal.Loud(WavReader.ReadSamples(output));
                Assert.True(loud.Length >= 8000, $"only {loud.Length} loud samples");
                Assert.InRange(Signal.ZeroCrossingFrequency(loud), 970, 1030);
                return;
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
    }

    /// <summary>
    /// A UDP port free on 127.0.0.1 now, even, with the <paramref name="pairs"/> × 2 ports after it free too (sipp's
    /// RTP echo takes the media port and the ones next to it).
    /// </summary>
    private static int FreeUdpPort(int pairs)
    {
        for (var tries = 0; ; tries++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            }

            if (port + (2 * pairs) + 1 <= IPEndPoint.MaxPort && Enumerable.Range(port, (2 * pairs) + 2).All(IsUdpPortFree))
            {
                return port;
            }

            if (tries == 50)
            {
                throw new InvalidOperationException("no free UDP port on 127.0.0.1");
            }
        }
    }

    private static bool IsUdpPortFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static SessionDescription Reparse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error?.ToString());
        return sdp;
    }
}
