using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing;
using CtiConnector.Testing.Audio;
using CtiConnector.Testing.Baresip;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Two-way audio with a real second softphone (baresip) over loopback.
/// Verifies: our G.711 RTP reaches baresip as the tone we play, and baresip's tone reaches our output file.
/// Does not verify: audio quality beyond the dominant frequency; other codecs.
/// </summary>
public sealed class BaresipAudioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cti-audio-").FullName;

    [Fact]
    public async Task ToneGoesBothWaysInACallWithBaresip()
    {
        var ourTone = Path.Combine(_dir, "ours-1000.wav");
        var theirTone = Path.Combine(_dir, "theirs-600.wav");
        var heard = Path.Combine(_dir, "heard.wav");
        TestTones.WriteSineWav(ourTone, 1000, 60);
        TestTones.WriteSineWav(theirTone, 600, 60);
        await using var baresip = await BaresipPeer.StartAsync(theirTone);
        await using var harness = await TelephonyHarness.StartAsync(o => o.AudioDevice = $"file:{ourTone},{heard}");

        await harness.Telephony.DialAsync(new DialRequest("audio-1", baresip.Uri, null), CancellationToken.None);
        Assert.Equal("audio-1", harness.Next<CallAnswered>(20, () => baresip.Output).CallId);

        // Three seconds of audio each way, counted in packets rather than waited for on the clock.
        await Eventually.UntilAsync(
            () => harness.Telephony.MediaStatisticsOf("audio-1") is { } s && s.Rtp.PacketsReceived >= 150 && s.Rtp.PacketsSent >= 150,
            "150 RTP packets each way",
            () => $"{harness.Telephony.MediaStatisticsOf("audio-1")}\n{baresip.Output}");
        await harness.Telephony.HangupAsync("audio-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>(context: () => baresip.Output).Disposition);

        // sndfile writes baresip's file as the call closes: wait for it instead of sleeping.
        await Eventually.UntilAsync(
            () => baresip.DecodedRecordings() is [var file, ..] && Voiced(TestTones.ReadWav(file).Samples).Length > 4000,
            "baresip's recording holds our tone",
            () => baresip.Output);

        // What we heard: baresip's 600 Hz (our file is complete once the call's media is closed).
        await Eventually.UntilAsync(() => Voiced(TestTones.ReadWav(heard).Samples).Length > 8000, "our recording holds baresip's tone", () => baresip.Output);
        var (ours, ourRate, _) = TestTones.ReadWav(heard);
        var ourVoiced = Voiced(ours);
        Assert.True(ourVoiced.Length > ourRate, $"We recorded only {ourVoiced.Length} non-silent samples.\n{baresip.Output}");
        Assert.Equal(600, TestTones.DominantFrequency(ourVoiced, ourRate, 600, 1000, 440));
        Assert.True(TestTones.Power(ourVoiced, 600, ourRate) > 0.5, "The 600 Hz tone is not clean in what we heard.");

        // What baresip heard: our 1000 Hz.
        var recordings = baresip.DecodedRecordings();
        Assert.True(recordings.Count > 0, "baresip recorded nothing.\n" + baresip.Output);
        var (theirs, theirRate, _) = TestTones.ReadWav(recordings[0]);
        var theirVoiced = Voiced(theirs);
        Assert.True(theirVoiced.Length > theirRate / 2, $"baresip recorded only {theirVoiced.Length} non-silent samples.");
        Assert.Equal(1000, TestTones.DominantFrequency(theirVoiced, theirRate, 600, 1000, 440));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The samples between the first and the last that are clearly not silence.</summary>
    private static short[] Voiced(short[] samples)
    {
        var first = Array.FindIndex(samples, s => Math.Abs((int)s) > 2000);
        var last = Array.FindLastIndex(samples, s => Math.Abs((int)s) > 2000);
        return first < 0 ? [] : samples[first..(last + 1)];
    }
}
