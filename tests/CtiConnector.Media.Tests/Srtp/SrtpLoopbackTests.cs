// Verifies: two MediaSessions on 127.0.0.1 that negotiated SRTP carry a tone both ways over real UDP
// sockets, every packet authenticating (and SRTCP too); a side holding the wrong key for the peer
// drops every packet as failing authentication and plays nothing; a plain-RTP sender is not played
// by an SRTP receiver.
// Does not verify: interoperability with another SRTP implementation (SrtpBaresipTests does).
using CtiConnector.Media.Audio;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;
using CtiConnector.Media.Tests.Loopback;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Srtp;

[Collection(RealTimeCollection.Name)]
public sealed class SrtpLoopbackTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MediaSessionOptions Sdes(TimeSpan? rtcp = null) =>
        CallPair.Options(new AudioNegotiationOptions { Encryption = MediaEncryption.Sdes }, rtcp);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task AToneGoesBothWaysOverSrtpAndEveryPacketAuthenticates()
    {
        var aIn = _dir.File("a-in.wav");
        var bIn = _dir.File("b-in.wav");
        var aOut = _dir.File("a-out.wav");
        var bOut = _dir.File("b-out.wav");
        WavWriter.WriteFile(aIn, Signal.Sine(1000, 10));
        WavWriter.WriteFile(bIn, Signal.Sine(600, 10));
        var call = CallPair.Connect(new WavFileAudioDevice(aIn, aOut), new WavFileAudioDevice(bIn, bOut), Sdes(TimeSpan.FromMilliseconds(200)), Sdes());
        await using (call)
        {
            await WaitUntilAsync(() => call.A.GetStatistics().FramesPlayed >= 75 && call.B.GetStatistics().FramesPlayed >= 75, "both sides played 1.5 s");
            await WaitUntilAsync(() => call.B.GetStatistics().Rtp.RtcpReceived > 0, "B received SRTCP");
            var a = call.A.GetStatistics();
            var b = call.B.GetStatistics();

            Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, a.Negotiated!.Srtp!.Suite);
            Assert.Equal(a.Negotiated.Srtp.SendKey, b.Negotiated!.Srtp!.ReceiveKey);
            Assert.True(b.Rtp.SrtpAuthenticated >= b.Rtp.PacketsReceived, $"B authenticated {b.Rtp.SrtpAuthenticated} of {b.Rtp.PacketsReceived}");
            Assert.True(a.Rtp.SrtpAuthenticated >= a.Rtp.PacketsReceived);
            Assert.True(b.Rtp.SrtcpAuthenticated > 0, "B authenticated no SRTCP.");
            Assert.Equal(0, b.Rtp.SrtcpDropped);
            Assert.Equal(0, a.Rtp.SrtpAuthenticationFailures + b.Rtp.SrtpAuthenticationFailures);
            Assert.Equal(0, a.Rtp.SrtpReplayed + b.Rtp.SrtpReplayed);
        }

        Assert.Equal(1000, Signal.Dominant(Signal.Loud(WavReader.ReadSamples(bOut)), 1000, 600));
        Assert.Equal(600, Signal.Dominant(Signal.Loud(WavReader.ReadSamples(aOut)), 600, 1000));
    }

    [Fact]
    public async Task PacketsUnderAnotherKeyAreDroppedAsFailingAuthenticationAndNeverPlayed()
    {
        var bIn = _dir.File("b-in.wav");
        var aOut = _dir.File("a-out.wav");
        WavWriter.WriteFile(bIn, Signal.Sine(600, 10));

        // The offer reaching B carries another key than the one A sends with: B's packets authenticate at A,
        // but A's packets fail at B.
        var wrongKey = SrtpMasterKey.Generate().ToBase64();
        var call = CallPair.Connect(
            new WavFileAudioDevice(null, aOut),
            new WavFileAudioDevice(bIn, _dir.File("b-out.wav")),
            Sdes(),
            Sdes(),
            offer => System.Text.RegularExpressions.Regex.Replace(offer, "inline:[^\r\n]+", "inline:" + wrongKey));
        await using (call)
        {
            await WaitUntilAsync(() => call.B.GetStatistics().Rtp.SrtpAuthenticationFailures >= 50, "B refused 50 packets");
            var b = call.B.GetStatistics();

            Assert.Equal(0, b.Rtp.PacketsReceived);
            Assert.Equal(0, b.FramesPlayed);
            Assert.Null(b.Rtp.RemoteSsrc);
        }
    }

    [Fact]
    public async Task PlainRtpIsNotPlayedByAnSrtpReceiver()
    {
        // A offers plain RTP; the offer is rewritten on the way into an SRTP one, so B expects SRTP, and B's answer
        // is made plain again on the way back, so A sends plain RTP.
        var key = SrtpMasterKey.Generate().ToBase64();
        var aIn = _dir.File("a-in.wav");
        WavWriter.WriteFile(aIn, Signal.Sine(1000, 10));
        var call = CallPair.Connect(
            new WavFileAudioDevice(aIn, null),
            new NullAudioDevice(),
            CallPair.Options(),
            CallPair.Options(),
            offer => offer.Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal).Replace("a=ptime:20\r\n", $"a=ptime:20\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{key}\r\n", StringComparison.Ordinal),
            answer => System.Text.RegularExpressions.Regex.Replace(answer.Replace("RTP/SAVP", "RTP/AVP", StringComparison.Ordinal), "a=crypto:[^\r\n]+\r\n", string.Empty));
        await using (call)
        {
            await WaitUntilAsync(() => call.B.GetStatistics().Rtp.SrtpAuthenticationFailures >= 20, "B refused 20 plain packets");
            Assert.Equal(0, call.B.GetStatistics().Rtp.PacketsReceived);
        }
    }
}
