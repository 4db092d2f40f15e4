using BenchmarkDotNet.Attributes;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Rtp;

namespace CtiConnector.Benchmarks.Media;

/// <summary>
/// CPU per 20 ms frame of a G.711 call, both directions: encode 160 samples, write the RTP packet,
/// parse it back, decode the payload. The jitter-buffer variant adds the receive-side buffering
/// (push + pop) that a real call does per frame. Sockets and devices are left out on purpose.
/// Run: dotnet run -c Release --project benchmarks/CtiConnector.Benchmarks -- --filter '*G711Call*'
/// </summary>
[MemoryDiagnoser]
public class G711CallBenchmark
{
    private readonly short[] _capture = new short[AudioFormat.FrameSamples];
    private readonly short[] _played = new short[AudioFormat.FrameSamples];
    private readonly byte[] _encoded = new byte[AudioFormat.FrameSamples];
    private readonly byte[] _packet = new byte[RtpHeader.FixedSize + AudioFormat.FrameSamples];
    private JitterBuffer _jitter = null!;
    private ushort _sequence;
    private uint _timestamp;

    [Params(AudioCodec.Pcmu, AudioCodec.Pcma)]
    public AudioCodec Codec { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _capture.Length; i++)
        {
            _capture[i] = (short)(12000 * Math.Sin(2 * Math.PI * 1000 * i / 8000));
        }

        _jitter = new JitterBuffer(depthMilliseconds: 40);
    }

    /// <summary>Encode + packetize + parse + decode of one frame.</summary>
    [Benchmark(Baseline = true)]
    public int Frame()
    {
        G711.Encode(Codec, _capture, _encoded);
        var header = new RtpHeader { PayloadType = Codec.StaticPayloadType(), SequenceNumber = _sequence++, Timestamp = _timestamp += 160, Ssrc = 0x12345678 };
        var length = RtpPacket.Write(_packet, header, _encoded);
        RtpPacket.TryRead(_packet.AsSpan(0, length), out var read, out _);
        G711.Decode(Codec, RtpPacket.GetPayload(_packet, read), _played);
        return _played[80];
    }

    /// <summary>The same frame plus the jitter buffer push and pop of the receive path.</summary>
    [Benchmark]
    public int FrameWithJitterBuffer()
    {
        G711.Encode(Codec, _capture, _encoded);
        var header = new RtpHeader { PayloadType = Codec.StaticPayloadType(), SequenceNumber = _sequence++, Timestamp = _timestamp += 160, Ssrc = 0x12345678 };
        var length = RtpPacket.Write(_packet, header, _encoded);
        RtpPacket.TryRead(_packet.AsSpan(0, length), out var read, out _);
        Span<short> decoded = stackalloc short[AudioFormat.FrameSamples];
        G711.Decode(Codec, RtpPacket.GetPayload(_packet, read), decoded);
        _jitter.Push(read.Timestamp, decoded);
        _jitter.Pop(_played);
        return _played[80];
    }
}
