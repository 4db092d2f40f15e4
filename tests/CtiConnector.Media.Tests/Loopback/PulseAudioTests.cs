// Verifies: the PulseAudio device (P/Invoke into libpulse-simple) plays received call audio into a
// real PulseAudio server: a private server with a null sink "cti"; the call's far side plays a 1 kHz
// tone from a WAV file; parec records cti.monitor; the recording's frequency is checked. Also that a
// missing sink is reported by name.
// Does not verify: real sound hardware, or the capture path's level (the null sink monitor is silent
// unless something plays).
using CtiConnector.Media.Audio;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Loopback;

[Collection(RealTimeCollection.Name)]
public sealed class PulseAudioTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresPeerFact("pulseaudio", "parec", "pactl")]
    public async Task ReceivedCallAudioIsPlayedIntoAPulseAudioSink()
    {
        using var server = new PulseAudioServer();
        var tone = _dir.File("tone.wav");
        WavWriter.WriteFile(tone, Signal.Sine(1000, 60));
        using var recorder = server.Record();

        var pulse = new PulseAudioDevice(sink: "cti", server: server.Server);
        var call = CallPair.Connect(new WavFileAudioDevice(tone, null), pulse);
        long dropped;
        await using (call)
        {
            // Half a second of the tone recorded from the sink's monitor (what the check below measures), however
            // slowly the machine runs: parec and the sink both start late on a loaded machine.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Signal.Loud(recorder.Samples()).Length < 4000 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(call.B.GetStatistics().FramesPlayed > 0);
            dropped = pulse.PlaybackFramesDropped;
        }

        var recorded = recorder.Stop();
        var loud = Signal.Loud(recorded);
        // The machine running the suite may be loaded; half a second of tone is plenty to measure.
        Assert.True(loud.Length >= 4000, $"recorded {recorded.Length} samples, {loud.Length} loud, {dropped} frames dropped by the device");
        Assert.Equal(1000, Signal.Dominant(loud, 1000, 600, 440));
        Assert.InRange(Signal.ZeroCrossingFrequency(loud), 970, 1030);
    }

    [RequiresPeerFact("pulseaudio", "pactl")]
    public void AMissingSinkIsReportedByName()
    {
        using var server = new PulseAudioServer();

        var ex = Assert.Throws<MediaException>(() => new PulseAudioDevice(sink: "no_such_sink", server: server.Server));

        Assert.Contains("'no_such_sink' not found", ex.Message, StringComparison.Ordinal);
    }

    [RequiresPeerFact("pulseaudio", "pactl")]
    public void TheFactoryOpensANamedSinkThroughPulseServer()
    {
        using var server = new PulseAudioServer();
        var previous = Environment.GetEnvironmentVariable("PULSE_SERVER");
        Environment.SetEnvironmentVariable("PULSE_SERVER", server.Server);
        try
        {
            using var device = AudioDeviceFactory.Create("cti,");

            Assert.IsType<PulseAudioDevice>(device);
            Assert.Equal("pulse:cti,default", device.Name);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULSE_SERVER", previous);
        }
    }
}
