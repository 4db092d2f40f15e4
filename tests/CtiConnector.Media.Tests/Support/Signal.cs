namespace CtiConnector.Media.Tests.Support;

/// <summary>Small signal helpers for the tests: tone synthesis, Goertzel power, zero-crossing frequency.</summary>
internal static class Signal
{
    public const int Rate = 8000;

    public static short[] Sine(double frequency, double seconds, double amplitude = 12000)
    {
        var samples = new short[(int)(seconds * Rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / Rate));
        }

        return samples;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Goertzel power at one frequency, normalised by length.</summary>
    public static double Goertzel(ReadOnlySpan<short> samples, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / Rate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return ((s1 * s1) + (s2 * s2) - (coefficient * s1 * s2)) / samples.Length;
    }

    /// <summary>Frequency estimated from rising zero crossings, interpolated between samples.</summary>
    public static double ZeroCrossingFrequency(ReadOnlySpan<short> samples)
    {
        double first = -1, last = -1;
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                var position = i - 1 + ((double)-samples[i - 1] / (samples[i] - samples[i - 1]));
                if (first < 0)
                {
                    first = position;
                }
                else
                {
                    crossings++;
                }

                last = position;
            }
        }

        return crossings == 0 ? 0 : crossings * Rate / (last - first);
    }

    /// <summary>Keeps the 20 ms frames whose level is above <paramref name="minimumRms"/>.</summary>
    public static short[] Loud(ReadOnlySpan<short> samples, double minimumRms = 1000)
    {
        var result = new List<short>(samples.Length);
        for (var i = 0; i + 160 <= samples.Length; i += 160)
        {
            var frame = samples.Slice(i, 160);
            if (Rms(frame) >= minimumRms)
            {
                result.AddRange(frame.ToArray());
            }
        }

        return [.. result];
    }

    /// <summary>The strongest of the candidate frequencies, by Goertzel power.</summary>
    public static double Dominant(ReadOnlySpan<short> samples, params double[] candidates)
    {
        var best = candidates[0];
        var bestPower = double.MinValue;
        foreach (var f in candidates)
        {
            var p = Goertzel(samples, f);
            if (p > bestPower)
            {
                bestPower = p;
                best = f;
            }
        }

        return best;
    }
}
