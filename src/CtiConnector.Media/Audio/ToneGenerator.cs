namespace CtiConnector.Media.Audio;

/// <summary>
/// A cadenced tone: one or two sine frequencies switched on and off by a cadence
/// (e.g. ringback 440 Hz, 2 s on / 4 s off). Fills 8 kHz frames continuously; phase is kept across
/// frames so there are no clicks. Not thread-safe.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double[] _frequencies;
    private readonly double _amplitude;
    private readonly int[] _cadenceSamples;
    private readonly int _cycleSamples;
    private long _position;

    /// <summary>Creates a tone.</summary>
    /// <param name="frequencies">One or more frequencies in Hz, summed.</param>
    /// <param name="cadenceMilliseconds">On, off, on, off... durations; empty means always on.</param>
    /// <param name="amplitude">Peak amplitude of the sum (0-32767).</param>
    public ToneGenerator(IReadOnlyList<double> frequencies, IReadOnlyList<int>? cadenceMilliseconds = null, double amplitude = 8000)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        if (frequencies.Count == 0)
        {
            throw new ArgumentException("At least one frequency.", nameof(frequencies));
        }

        _frequencies = [.. frequencies];
        _amplitude = Math.Clamp(amplitude, 0, 32767) / frequencies.Count;
        _cadenceSamples = [.. (cadenceMilliseconds ?? []).Select(ms => ms * AudioFormat.SampleRate / 1000)];
        _cycleSamples = _cadenceSamples.Sum();
    }

    /// <summary>Ringback (what the caller hears while the far end rings): 440 Hz, 2 s on, 4 s off by default.</summary>
    public static ToneGenerator Ringback(double frequency = 440, int onMilliseconds = 2000, int offMilliseconds = 4000) =>
        new([frequency], [onMilliseconds, offMilliseconds]);

    /// <summary>Ring (an incoming call on the local device): 440 + 480 Hz, 1 s on, 3 s off by default.</summary>
    public static ToneGenerator Ring(int onMilliseconds = 1000, int offMilliseconds = 3000) =>
        new([440, 480], [onMilliseconds, offMilliseconds], 10000);

    /// <summary>
    /// Call waiting (a second call rings behind the one being talked on): two short 440 Hz beeps every 10 s,
    /// quieter than the ring so the conversation stays intelligible under it.
    /// </summary>
    public static ToneGenerator CallWaiting() =>
        new([440], [300, 200, 300, 9200], 4000);

    /// <summary>The in-band tone pair of a DTMF digit (Q.23), always on.</summary>
    public static ToneGenerator Dtmf(char digit)
    {
        const string keys = "123A456B789C*0#D";
        var index = keys.IndexOf(char.ToUpperInvariant(digit), StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentException($"'{digit}' is not a DTMF digit.", nameof(digit));
        }

        double[] rows = [697, 770, 852, 941];
        double[] columns = [1209, 1336, 1477, 1633];
        return new ToneGenerator([rows[index / 4], columns[index % 4]], null, 12000);
    }

    /// <summary>Fills the next samples of the tone.</summary>
    public void Fill(Span<short> samples)
    {
        for (var i = 0; i < samples.Length; i++, _position++)
        {
            if (!IsOn(_position))
            {
                samples[i] = 0;
                continue;
            }

            var t = (double)_position / AudioFormat.SampleRate;
            double value = 0;
            foreach (var f in _frequencies)
            {
                value += Math.Sin(2 * Math.PI * f * t);
            }

            samples[i] = (short)(value * _amplitude);
        }
    }

    /// <summary>Adds the next samples of the tone to <paramref name="samples"/> (saturating), over what they hold.</summary>
    public void Mix(Span<short> samples)
    {
        Span<short> tone = stackalloc short[samples.Length];
        Fill(tone);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Clamp(samples[i] + tone[i], short.MinValue, short.MaxValue);
        }
    }

    /// <summary>Starts the cadence again from its first "on" period.</summary>
    public void Restart() => _position = 0;

    private bool IsOn(long position)
    {
        if (_cycleSamples == 0)
        {
            return true;
        }

        var inCycle = (int)(position % _cycleSamples);
        for (var i = 0; i < _cadenceSamples.Length; i++)
        {
            if (inCycle < _cadenceSamples[i])
            {
                return i % 2 == 0;
            }

            inCycle -= _cadenceSamples[i];
        }

        return false;
    }
}
