namespace CtiConnector.Media.Rtp;

/// <summary>
/// Reception statistics for one source, per RFC 3550 §A.1 (sequence tracking with wrap-around),
/// §A.3 (expected and lost packets) and §A.8 (interarrival jitter). Not thread-safe: one receive loop updates it.
/// </summary>
public sealed class RtpReceiveStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const uint SequenceModulo = 1 << 16;

    private readonly int _clockRate;
    private bool _initialized;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = SequenceModulo + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;

    /// <summary>Creates statistics for a stream with the given RTP clock rate.</summary>
    public RtpReceiveStatistics(int clockRate = 8000) => _clockRate = clockRate;

    /// <summary>Packets received, duplicates included (as RFC 3550 counts them).</summary>
    public long PacketsReceived => _received;

    /// <summary>Extended highest sequence number received (cycles × 65536 + highest).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    /// <summary>Packets expected from the sequence numbers seen.</summary>
    public long PacketsExpected => _initialized ? (long)ExtendedHighestSequence - _baseSeq + 1 : 0;

    /// <summary>Cumulative packets lost (expected − received; may be negative with duplicates).</summary>
    public long PacketsLost => PacketsExpected - _received;

    /// <summary>Interarrival jitter in timestamp units.</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>Interarrival jitter in milliseconds.</summary>
    public double JitterMilliseconds => _jitter * 1000.0 / _clockRate;

    /// <summary>
    /// Records a packet. <paramref name="arrivalTimestamp"/> is the arrival time in RTP clock units
    /// (any origin); it drives the jitter estimate. Returns false when the sequence number is far
    /// out of order and the packet should be ignored (§A.1).
    /// </summary>
    public bool Update(ushort sequence, uint rtpTimestamp, long arrivalTimestamp)
    {
        if (!_initialized)
        {
            Init(sequence);
            _initialized = true;
        }
        else
        {
            var delta = (ushort)(sequence - _maxSeq);
            if (delta is > 0 and < MaxDropout)
            {
                // In order, possibly with a gap: wrap-around counts a new cycle.
                if (sequence < _maxSeq)
                {
                    _cycles += SequenceModulo;
                }

                _maxSeq = sequence;
            }
            else if (delta >= MaxDropout && delta <= SequenceModulo - MaxMisorder)
            {
                // A very large jump: accept it only when two sequential packets confirm it (the source restarted).
                if (sequence == _badSeq)
                {
                    Init(sequence);
                }
                else
                {
                    _badSeq = (uint)((sequence + 1) & (SequenceModulo - 1));
                    return false;
                }
            }
        }

        // Otherwise a duplicate or a reordered packet: counted, sequence state unchanged.
        _received++;

        // RFC 3550 §A.8: J += (|D| − J) / 16.
        var transit = arrivalTimestamp - rtpTimestamp;
        if (_haveTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            if (d < _clockRate * 10L)
            {
                _jitter += (d - _jitter) / 16.0;
            }
        }

        _lastTransit = transit;
        _haveTransit = true;
        return true;
    }

    /// <summary>
    /// Builds a report block (§6.4.1) and starts a new interval for the fraction lost.
    /// </summary>
    public RtcpReportBlock CreateReportBlock(uint ssrc, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        var expected = PacketsExpected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new RtcpReportBlock(
            ssrc,
            (byte)fraction,
            (int)Math.Clamp(PacketsLost, -0x800000, 0x7FFFFF),
            ExtendedHighestSequence,
            Jitter,
            lastSenderReport,
            delaySinceLastSenderReport);
    }

    private void Init(ushort sequence)
    {
        _baseSeq = sequence;
        _maxSeq = sequence;
        _badSeq = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}
