namespace CtiConnector.Testing.Audio;

/// <summary>Writes and measures test tones: 16-bit mono PCM WAV files and a Goertzel tone detector.</summary>
public static class TestTones
{
    /// <summary>Writes a sine of <paramref name="frequency"/> Hz at 8 kHz for <paramref name="seconds"/>.</summary>
    public static void WriteSineWav(string path, double frequency, double seconds, int sampleRate = 8000, double amplitude = 0.5)
    {
        var samples = (int)(seconds * sampleRate);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        var dataBytes = samples * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVE"u8);
        writer.Write("fmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        for (var i = 0; i < samples; i++)
        {
            writer.Write((short)(Math.Sin(2 * Math.PI * frequency * i / sampleRate) * amplitude * short.MaxValue));
        }
    }

    /// <summary>Reads a 16-bit PCM WAV's samples (first channel) and its sample rate.</summary>
    public static (short[] Samples, int SampleRate, int Channels) ReadWav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var sampleRate = 8000;
        var channels = 1;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            if (id == "fmt ")
            {
                channels = BitConverter.ToInt16(bytes, offset + 10);
                sampleRate = BitConverter.ToInt32(bytes, offset + 12);
            }
            else if (id == "data")
            {
                var available = Math.Min(size < 0 ? int.MaxValue : size, bytes.Length - offset - 8);
                var frames = available / (2 * channels);
                var samples = new short[frames];
                for (var i = 0; i < frames; i++)
                {
                    samples[i] = BitConverter.ToInt16(bytes, offset + 8 + (i * 2 * channels));
                }

                return (samples, sampleRate, channels);
            }

            offset += 8 + Math.Max(size, 0) + (size & 1);
        }

        return ([], sampleRate, channels);
    }

    /// <summary>Relative power of <paramref name="frequency"/> in the signal (Goertzel), normalised by the signal's energy.</summary>
    public static double Power(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        if (samples.Length == 0)
        {
            return 0;
        }

        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0, energy = 0;
        foreach (var sample in samples)
        {
            var x = sample / 32768.0;
            energy += x * x;
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return energy <= 0 ? 0 : power / (energy * samples.Length / 2.0);
    }

    /// <summary>The frequency among <paramref name="candidates"/> with the most power over the non-silent part of the signal.</summary>
    public static double DominantFrequency(ReadOnlySpan<short> samples, int sampleRate, params double[] candidates)
    {
        var best = 0.0;
        var bestPower = -1.0;
        foreach (var candidate in candidates)
        {
            var power = Power(samples, candidate, sampleRate);
            if (power > bestPower)
            {
                bestPower = power;
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>Root mean square level (0..1).</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.Length == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var sample in samples)
        {
            var x = sample / 32768.0;
            sum += x * x;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>
    /// Waits until the WAV file a device is writing holds at least <paramref name="samples"/> samples (the WAV file
    /// device flushes about once a second) and returns them; fails after a minute.
    /// </summary>
    public static async Task<short[]> WaitForRecordingAsync(string path, int samples)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if (File.Exists(path) && ReadWav(path).Samples is { } recorded && recorded.Length >= samples)
                {
                    return recorded;
                }
            }
            catch (IOException)
            {
                // Being written; look again.
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
