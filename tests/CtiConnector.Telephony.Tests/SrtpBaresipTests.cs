using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Media;
using CtiConnector.Media.Srtp;
using CtiConnector.Testing;
using CtiConnector.Testing.Audio;
using CtiConnector.Testing.Baresip;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Encrypted audio (SRTP keyed by SDES) with a real second softphone: baresip with its <c>srtp</c> module, over loopback.
/// Verifies: with us offering RTP/SAVP and with baresip offering it, the negotiated stream is SRTP with a crypto
/// suite and keys from both sides, every packet we receive authenticates (none fails), our tone reaches baresip and
/// baresip's tone reaches our output file at the right frequencies; an account that requires SRTP refuses baresip's
/// plain offer with 488; the answered call says it is encrypted (the API's <c>encrypted</c>).
/// Does not verify: what travels on the wire byte by byte (that every received packet authenticated under baresip's
/// key shows it was SRTP, not plain G.711); SRTP re-keying on re-INVITE; other suites than baresip's default.
/// </summary>
public sealed class SrtpBaresipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cti-srtp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WeOfferSrtpAndToneGoesBothWaysEncrypted()
    {
        var (ourTone, theirTone, heard) = Tones();
        await using var baresip = await BaresipPeer.StartAsync(theirTone, mediaEncryption: "srtp-mand");
        await using var harness = await TelephonyHarness.StartAsync(o =>
        {
            o.AudioDevice = $"file:{ourTone},{heard}";
            o.Accounts = [Account(MediaEncryption.Sdes)];
        });

        await harness.Telephony.DialAsync(new DialRequest("srtp-out", baresip.Uri, "srtp"), CancellationToken.None);
        var answered = harness.Next<CallAnswered>(20, () => baresip.Output);
        Assert.Equal("srtp-out", answered.CallId);
        Assert.True(answered.Encrypted);
        await AssertEncryptedAudioAsync(harness, baresip, "srtp-out", heard);
    }

    [Fact]
    public async Task BaresipOffersSrtpAndToneGoesBothWaysEncrypted()
    {
        var (ourTone, theirTone, heard) = Tones();
        await using var harness = await TelephonyHarness.StartAsync(o =>
        {
            o.AudioDevice = $"file:{ourTone},{heard}";
            o.Accounts = [Account(MediaEncryption.SdesRequired)];
        });
        await using var baresip = await BaresipPeer.StartAsync(theirTone, mediaEncryption: "srtp-mand", dial: $"sip:alice@127.0.0.1:{harness.Telephony.SipPort}");

        var started = harness.Next<CallStarted>(20, () => baresip.Output);
        await harness.Telephony.AnswerAsync(started.CallId, CancellationToken.None);
        Assert.True(harness.Next<CallAnswered>(20, () => baresip.Output).Encrypted);
        await AssertEncryptedAudioAsync(harness, baresip, started.CallId, heard);
    }

    [Fact]
    public async Task AnAccountThatRequiresSrtpRefusesAPlainOfferWith488()
    {
        var (_, theirTone, _) = Tones();
        await using var harness = await TelephonyHarness.StartAsync(o => o.Accounts = [Account(MediaEncryption.SdesRequired)]);
        await using var baresip = await BaresipPeer.StartAsync(theirTone, dial: $"sip:alice@127.0.0.1:{harness.Telephony.SipPort}");

        var ended = harness.Next<CallEnded>(20, () => baresip.Output);

        Assert.NotEqual(CallDisposition.Answered, ended.Disposition);
        await Eventually.UntilAsync(() => baresip.Output.Contains("488", StringComparison.Ordinal), "baresip reports the 488", () => baresip.Output);
    }

    private static AccountOptions Account(MediaEncryption encryption) => new()
    {
        Id = "srtp",
        Aor = "sip:alice@127.0.0.1",
        MediaEncryption = encryption,
    };

    private (string Ours, string Theirs, string Heard) Tones()
    {
        var ours = Path.Combine(_dir, "ours-1000.wav");
        var theirs = Path.Combine(_dir, "theirs-600.wav");
        TestTones.WriteSineWav(ours, 1000, 60);
        TestTones.WriteSineWav(theirs, 600, 60);
        return (ours, theirs, Path.Combine(_dir, "heard.wav"));
    }

    private static async Task AssertEncryptedAudioAsync(TelephonyHarness harness, BaresipPeer baresip, string callId, string heard)
    {
        // Three seconds of audio each way, counted in packets rather than waited for on the clock.
        MediaStatistics? stats = null;
        await Eventually.UntilAsync(
            () => (stats = harness.Telephony.MediaStatisticsOf(callId)) is { } s && s.Rtp.SrtpAuthenticated >= 150 && s.Rtp.PacketsSent >= 150 && s.Rtp.RemoteFractionLost is not null,
            "150 SRTP packets each way and an SRTCP report from baresip about our stream",
            () => $"{stats}\n{baresip.Output}");

        Assert.NotNull(stats!.Negotiated!.Srtp);
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, stats.Negotiated.Srtp.Suite);
        Assert.NotEqual(stats.Negotiated.Srtp.SendKey, stats.Negotiated.Srtp.ReceiveKey);
        Assert.True(stats.Rtp.SrtpAuthenticationFailures == 0, $"{stats.Rtp.SrtpAuthenticationFailures} packets failed authentication: {stats.Rtp}");
        Assert.True(stats.Rtp.SrtpAuthenticated >= stats.Rtp.PacketsReceived, $"{stats.Rtp.SrtpAuthenticated} authenticated for {stats.Rtp.PacketsReceived} received");

        // baresip's report came through SRTCP and is about our stream (waited for above: its first report may come before
        // it has heard us, with no report block yet).
        Assert.True(stats.Rtp.SrtcpAuthenticated >= 1, $"no SRTCP authenticated: {stats.Rtp}");

        await harness.Telephony.HangupAsync(callId, CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);

        // What baresip heard: our 1000 Hz (sndfile writes its file as the call closes).
        string[] recordings = [];
        await Eventually.UntilAsync(
            () => (recordings = [.. baresip.DecodedRecordings()]).Length > 0 && Voiced(TestTones.ReadWav(recordings[0]).Samples).Length > 4000,
            "baresip's recording holds our tone",
            () => baresip.Output);
        var (theirs, theirRate, _) = TestTones.ReadWav(recordings[0]);
        Assert.Equal(1000, TestTones.DominantFrequency(Voiced(theirs), theirRate, 600, 1000, 440));

        // What we heard: baresip's 600 Hz, in the last 1.5 s (an incoming call's ring tone comes first in the file).
        await Eventually.UntilAsync(() => File.Exists(heard) && Voiced(TestTones.ReadWav(heard).Samples).Length > 12000, "our recording holds baresip's tone", () => baresip.Output);
        var (ours, ourRate, _) = TestTones.ReadWav(heard);
        var ourVoiced = Voiced(ours)[^12000..];
        Assert.Equal(600, TestTones.DominantFrequency(ourVoiced, ourRate, 600, 1000, 440));
        Assert.True(TestTones.Power(ourVoiced, 600, ourRate) > 0.5, "The 600 Hz tone is not clean in what we heard.");
    }

    /// <summary>The samples between the first and the last that are clearly not silence.</summary>
    private static short[] Voiced(short[] samples)
    {
        var first = Array.FindIndex(samples, s => Math.Abs((int)s) > 2000);
        var last = Array.FindLastIndex(samples, s => Math.Abs((int)s) > 2000);
        return first < 0 ? [] : samples[first..(last + 1)];
    }
}
