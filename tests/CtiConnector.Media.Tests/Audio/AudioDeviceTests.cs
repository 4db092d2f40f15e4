using CtiConnector.Media.Audio;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Audio;

public sealed class AudioDeviceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WavFileDeviceCapturesTheInputOnceThenSilence()
    {
        var input = _dir.File("in.wav");
        WavWriter.WriteFile(input, Enumerable.Range(0, 200).Select(i => (short)(i + 1)).ToArray());
        using var device = new WavFileAudioDevice(input, null);
        var frame = new short[160];

        Assert.True(device.ReadFrame(frame));
        Assert.Equal(1, frame[0]);
        Assert.True(device.ReadFrame(frame));
        Assert.Equal(161, frame[0]);
        Assert.Equal(0, frame[40]);
        Assert.False(device.ReadFrame(frame));
        Assert.True(device.InputFinished);
        Assert.All(frame, s => Assert.Equal(0, s));
    }

    [Fact]
    public void WavFileDeviceWritesAValidWavOnClose()
    {
        var output = _dir.File("out.wav");
        var tone = Signal.Sine(1000, 0.2);
        using (var device = new WavFileAudioDevice(null, output))
        {
            for (var i = 0; i < tone.Length; i += 160)
            {
                device.WriteFrame(tone.AsSpan(i, 160));
            }
        }

        var read = WavReader.ReadSamples(output);

        Assert.Equal(tone, read);
        Assert.Equal(44 + (tone.Length * 2), new FileInfo(output).Length);
    }

    [Fact]
    public void AnUnclosedWavOutputIsReadableUpToTheLastPeriodicFlush()
    {
        var output = _dir.File("killed.wav");
        var device = new WavFileAudioDevice(null, output);
        var frame = Signal.Sine(500, 0.02);
        for (var i = 0; i < 60; i++)
        {
            device.WriteFrame(frame);
        }

        // Not disposed, as if the process were killed: read what is on disk.
        byte[] bytes;
        using (var stream = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        Assert.True(WavReader.TryParse(bytes, out var samples, out var error), error);
        Assert.True(samples.Length >= 50 * 160, $"only {samples.Length} samples readable");
        device.Dispose();
    }

    [Fact]
    public void WavReaderRefusesOtherFormatsNamingThem()
    {
        var wav = new byte[44];
        "RIFF"u8.CopyTo(wav);
        "WAVE"u8.CopyTo(wav.AsSpan(8));
        "fmt "u8.CopyTo(wav.AsSpan(12));
        wav[16] = 16;
        wav[20] = 1;
        wav[22] = 2;
        BitConverter.GetBytes(44100).CopyTo(wav, 24);
        wav[34] = 16;
        "data"u8.CopyTo(wav.AsSpan(36));

        Assert.False(WavReader.TryParse(wav, out _, out var error));
        Assert.Contains("44100 Hz", error, StringComparison.Ordinal);
        Assert.False(WavReader.TryParse("not a wav file"u8, out _, out _));
    }

    [Fact]
    public void EchoDeviceCapturesWhatItPlayed()
    {
        using var device = new EchoAudioDevice();
        var frame = Enumerable.Repeat((short)123, 160).ToArray();
        var read = new short[160];

        Assert.False(device.ReadFrame(read));
        device.WriteFrame(frame);

        Assert.True(device.ReadFrame(read));
        Assert.Equal(frame, read);
    }

    [Fact]
    public void NullDeviceCapturesSilenceAndSwallowsPlayback()
    {
        using var device = new NullAudioDevice();
        var read = Enumerable.Repeat((short)5, 160).ToArray();

        Assert.False(device.ReadFrame(read));
        device.WriteFrame(read);

        Assert.All(read, s => Assert.Equal(0, s));
        Assert.Equal(1, device.FramesWritten);
    }

    [Theory]
    [InlineData("null", typeof(NullAudioDevice))]
    [InlineData(" NULL ", typeof(NullAudioDevice))]
    [InlineData("echo", typeof(EchoAudioDevice))]
    public void FactoryOpensTheNamedBuiltInDevices(string setting, Type expected)
    {
        using var device = AudioDeviceFactory.Create(setting);

        Assert.IsType(expected, device);
    }

    [Fact]
    public void FactoryOpensAFileDeviceAndNamesAMissingInput()
    {
        var input = _dir.File("tone.wav");
        WavWriter.WriteFile(input, Signal.Sine(1000, 0.1));

        using (var device = AudioDeviceFactory.Create($"file:{input},{_dir.File("o.wav")}"))
        {
            Assert.IsType<WavFileAudioDevice>(device);
        }

        var missing = _dir.File("nope.wav");
        var ex = Assert.Throws<MediaException>(() => AudioDeviceFactory.Create($"file:{missing},out.wav"));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:")]
    [InlineData("file:a.wav")]
    [InlineData("file:,")]
    public void FactoryRefusesMalformedFileSettings(string setting)
    {
        Assert.False(AudioDeviceFactory.TryCreate(setting, out var device, out var error));
        Assert.Null(device);
        Assert.Contains("file:IN.wav,OUT.wav", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RingbackFollowsItsCadenceAtItsFrequency()
    {
        var tone = ToneGenerator.Ringback(440, onMilliseconds: 1000, offMilliseconds: 500);
        var samples = new short[8000 * 3];

        tone.Fill(samples);

        var on = samples.AsSpan(0, 8000);
        var off = samples.AsSpan(8000, 4000);
        var onAgain = samples.AsSpan(12000, 8000);
        Assert.InRange(Signal.ZeroCrossingFrequency(on), 435, 445);
        Assert.Equal(0, Signal.Rms(off));
        Assert.True(Signal.Rms(onAgain) > 1000);
    }

    [Fact]
    public void DtmfToneHoldsBothFrequenciesOfTheDigit()
    {
        var samples = new short[1600];

        ToneGenerator.Dtmf('5').Fill(samples);

        Assert.Equal(770, Signal.Dominant(samples, 697, 770, 852, 941));
        Assert.Equal(1336, Signal.Dominant(samples, 1209, 1336, 1477, 1633));
    }

    [Fact]
    public void AnUnreachablePulseAudioServerIsReportedWithItsAddress()
    {
        var server = "unix:" + _dir.File("no-server");

        var ex = Assert.Throws<MediaException>(() => new PulseAudioDevice(server: server));

        // Either the library is missing (named), or the server is refused (named).
        Assert.Contains("PulseAudio", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Contains(server, StringComparison.Ordinal) || ex.Message.Contains("libpulse-simple.so.0", StringComparison.Ordinal), ex.Message);
    }
}
