namespace CtiConnector.Media.Audio;

/// <summary>What <see cref="JitterBuffer.Pop"/> produced.</summary>
public enum JitterBufferFrame
{
    /// <summary>Nothing to play yet (filling to the target depth, or idle): silence.</summary>
    Silence,

    /// <summary>Received audio.</summary>
    Audio,

    /// <summary>A lost frame replaced by the previous one, attenuated (packet-loss concealment).</summary>
    Concealed,
}

/// <summary>
/// A fixed-depth jitter buffer on the RTP timestamp timeline, holding decoded 16-bit samples.
/// <para>
/// Design (documented choice): playout starts once <c>depth</c> worth of audio (default 60 ms) is
/// buffered, then advances by exactly one frame per <see cref="Pop"/> (called on the media clock).
/// Packets are placed by timestamp, so reordering inside the window is absorbed; duplicates and
/// packets that arrive after their playout time are dropped and counted. A missing frame is
/// concealed by repeating the last one at decreasing gain (0.7, 0.5, 0.3, 0.15), then silence.
/// When more than <c>maxDepth</c> (default 200 ms) piles up (the sender's clock runs fast, or a burst
/// after a stall), playout jumps forward to the target depth. A timestamp jump of more than 2 s
/// (new source, re-INVITE) or one second without any packet restarts the buffer.
/// </para>
/// Not thread-safe: the caller serialises <see cref="Push"/> and <see cref="Pop"/>.
/// </summary>
public sealed class JitterBuffer
{
    private static readonly float[] s_concealGains = [0.7f, 0.5f, 0.3f, 0.15f];

    private readonly int _frameSamples;
    private readonly int _depthSamples;
    private readonly int _maxSamples;
    private readonly int _resetJumpSamples;
    private readonly int _idleFramesBeforeReset;
    private readonly List<Entry> _entries = [];
    private readonly Stack<short[]> _pool = new();
    private readonly short[] _lastFrame;
    private bool _started;
    private bool _filling;
    private uint _playTimestamp;
    private int _concealed;
    private int _idleFrames;

    /// <summary>Creates a buffer.</summary>
    /// <param name="depthMilliseconds">Target playout delay.</param>
    /// <param name="maxDepthMilliseconds">Buffered audio above which playout skips ahead.</param>
    /// <param name="frameSamples">Samples per <see cref="Pop"/> (160 = 20 ms at 8 kHz).</param>
    /// <param name="clockRate">RTP clock rate.</param>
    public JitterBuffer(int depthMilliseconds = 60, int maxDepthMilliseconds = 200, int frameSamples = 160, int clockRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depthMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepthMilliseconds, depthMilliseconds + (frameSamples * 1000 / clockRate));
        _frameSamples = frameSamples;
        _depthSamples = depthMilliseconds * clockRate / 1000;
        _maxSamples = maxDepthMilliseconds * clockRate / 1000;
        _resetJumpSamples = 2 * clockRate;
        _idleFramesBeforeReset = clockRate / frameSamples;
        _lastFrame = new short[frameSamples];
    }

    /// <summary>Packets dropped because they came after their playout time.</summary>
    public long Late { get; private set; }

    /// <summary>Packets dropped as duplicates.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Frames concealed.</summary>
    public long ConcealedFrames { get; private set; }

    /// <summary>Times playout skipped ahead because too much audio was buffered.</summary>
    public long Overflows { get; private set; }

    /// <summary>Audio buffered ahead of the playout point, in samples.</summary>
    public int BufferedSamples => _entries.Count == 0 ? 0 : End();

    /// <summary>Adds decoded samples that start at RTP timestamp <paramref name="timestamp"/>.</summary>
    public void Push(uint timestamp, ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        if (!_started)
        {
            Restart(timestamp);
        }

        var offset = (int)(timestamp - _playTimestamp);
        if (offset > _resetJumpSamples || offset < -_resetJumpSamples)
        {
            Restart(timestamp);
            offset = 0;
        }

        if (offset + samples.Length <= 0)
        {
            Late++;
            return;
        }

        var index = 0;
        while (index < _entries.Count && Offset(_entries[index]) < offset)
        {
            index++;
        }

        if (index < _entries.Count && Offset(_entries[index]) == offset)
        {
            Duplicates++;
            return;
        }

        var copy = samples.Length == _frameSamples && _pool.TryPop(out var pooled) ? pooled : new short[samples.Length];
        samples.CopyTo(copy);
        _entries.Insert(index, new Entry(timestamp, copy));
        _idleFrames = 0;

        if (!_filling && End() > _maxSamples)
        {
            // Too much audio queued: skip ahead so that the target depth remains.
            Overflows++;
            _playTimestamp += (uint)(End() - _depthSamples);
            RemovePlayed();
        }
    }

    /// <summary>Fills <paramref name="frame"/> (one frame) with the next audio to play.</summary>
    public JitterBufferFrame Pop(Span<short> frame)
    {
        if (frame.Length != _frameSamples)
        {
            throw new ArgumentException($"Frame must hold {_frameSamples} samples.", nameof(frame));
        }

        if (!_started)
        {
            frame.Clear();
            return JitterBufferFrame.Silence;
        }

        if (_filling)
        {
            if (End() < _depthSamples)
            {
                frame.Clear();
                return CountIdle();
            }

            _filling = false;
        }

        frame.Clear();
        var covered = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            var start = Offset(entry);
            if (start >= _frameSamples)
            {
                break;
            }

            var from = Math.Max(0, -start);
            var to = Math.Min(entry.Samples.Length, _frameSamples - start);
            if (to > from)
            {
                entry.Samples.AsSpan(from, to - from).CopyTo(frame[(start + from)..]);
                covered += to - from;
            }
        }

        _playTimestamp += (uint)_frameSamples;
        RemovePlayed();

        if (covered > 0)
        {
            _concealed = 0;
            _idleFrames = 0;
            frame.CopyTo(_lastFrame);
            return JitterBufferFrame.Audio;
        }

        if (_concealed < s_concealGains.Length)
        {
            var gain = s_concealGains[_concealed++];
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)(_lastFrame[i] * gain);
            }

            ConcealedFrames++;
            CountIdle();
            return JitterBufferFrame.Concealed;
        }

        return CountIdle();
    }

    /// <summary>Forgets everything (new stream).</summary>
    public void Reset()
    {
        ClearEntries();
        _started = false;
        _filling = false;
        _concealed = s_concealGains.Length;
        _idleFrames = 0;
    }

    private JitterBufferFrame CountIdle()
    {
        if (_entries.Count == 0 && ++_idleFrames >= _idleFramesBeforeReset)
        {
            // A long silence (hold, DTX, stall): rebuild the depth when audio comes back.
            Reset();
        }

        return JitterBufferFrame.Silence;
    }

    private void Restart(uint timestamp)
    {
        ClearEntries();
        _started = true;
        _filling = true;
        _playTimestamp = timestamp;
        _concealed = s_concealGains.Length;
        _idleFrames = 0;
    }

    private void RemovePlayed()
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            var e = _entries[i];
            if (Offset(e) + e.Samples.Length <= 0)
            {
                Recycle(e.Samples);
                _entries.RemoveAt(i);
            }
        }
    }

    private void ClearEntries()
    {
        foreach (var e in _entries)
        {
            Recycle(e.Samples);
        }

        _entries.Clear();
    }

    private void Recycle(short[] samples)
    {
        if (samples.Length == _frameSamples && _pool.Count < 32)
        {
            _pool.Push(samples);
        }
    }

    private int Offset(Entry entry) => (int)(entry.Timestamp - _playTimestamp);

    private int End()
    {
        var end = 0;
        foreach (var e in _entries)
        {
            end = Math.Max(end, Offset(e) + e.Samples.Length);
        }

        return end;
    }

    private readonly record struct Entry(uint Timestamp, short[] Samples);
}
