using System.Buffers.Binary;

namespace CtiConnector.Sip.Stun;

/// <summary>
/// STUN message constants and framing (RFC 5389 §6): a 20-byte header (type, length of what follows, the magic cookie
/// 0x2112A442, a 96-bit transaction id) then TLV attributes padded to 4 bytes. A Binding request with a FINGERPRINT:
/// <code>
/// 00 01 00 08  21 12 a4 42  [12 bytes of transaction id]
/// 80 28 00 04  [CRC-32 of everything before, XOR 0x5354554e]
/// </code>
/// </summary>
public static class StunMessage
{
    public const int HeaderLength = 20;

    public const int TransactionIdLength = 12;

    public const uint MagicCookie = 0x2112A442;

    public const ushort BindingRequest = 0x0001;

    public const ushort BindingSuccessResponse = 0x0101;

    public const ushort BindingErrorResponse = 0x0111;

    /// <summary>RFC 5389 §15.10: the CRC-32 of the message is XORed with this ("STUN").</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>
    /// Whether a datagram is a STUN message (RFC 5389 §6, as RFC 7983 demultiplexes: the first two bits are zero,
    /// then the magic cookie, and a length that is a multiple of 4 and matches the datagram).
    /// SIP text and RTP never pass this test.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) is var length
        && length % 4 == 0
        && length + HeaderLength == datagram.Length;

    /// <summary>RFC 5389 §15.5: CRC-32 (ISO/IEC 13239, as in zlib) of <paramref name="bytes"/>, XOR 0x5354554e.</summary>
    public static uint Fingerprint(ReadOnlySpan<byte> bytes) => Crc32.Compute(bytes) ^ FingerprintXor;
}
