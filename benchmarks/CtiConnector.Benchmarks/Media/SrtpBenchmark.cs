using BenchmarkDotNet.Attributes;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Benchmarks.Media;

/// <summary>
/// CPU SRTP adds per 20 ms G.711 packet (160 bytes of payload): protect on the sending side, then
/// unprotect (authenticate, replay check, decrypt) on the receiving side, for both suites.
/// Run: dotnet run -c Release --project benchmarks/CtiConnector.Benchmarks -- --filter '*Srtp*'
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmark
{
    private readonly byte[] _packet = new byte[RtpHeader.FixedSize + 160 + 10];
    private readonly byte[] _payload = new byte[160];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private ushort _sequence;

    [Params(SrtpCryptoSuite.AesCm128HmacSha1Tag80, SrtpCryptoSuite.AesCm128HmacSha1Tag32)]
    public SrtpCryptoSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = SrtpMasterKey.Generate();
        _sender = new SrtpContext(Suite, key);
        _receiver = new SrtpContext(Suite, key);
        Array.Fill(_payload, (byte)0xD5);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Write one RTP packet, protect it, unprotect it.</summary>
    [Benchmark]
    public int ProtectAndUnprotect()
    {
        var header = new RtpHeader { PayloadType = 8, SequenceNumber = _sequence++, Timestamp = _sequence * 160u, Ssrc = 0x12345678 };
        var length = RtpPacket.Write(_packet, header, _payload);
        length = _sender.ProtectRtp(_packet, length);
        _receiver.UnprotectRtp(_packet.AsSpan(0, length), out length);
        return length;
    }
}
