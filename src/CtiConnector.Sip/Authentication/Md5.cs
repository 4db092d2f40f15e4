using System.Buffers.Binary;
using System.Numerics;

namespace CtiConnector.Sip.Authentication;

/// <summary>
/// MD5 (RFC 1321), for SIP digest authentication only (RFC 2617, still what most registrars ask for). It is ours so
/// that answering a challenge does not load OpenSSL (about 5 MB resident), which .NET's MD5 goes through on Linux; an
/// agent without TLS or SRTP has no other use for it. Nothing else should use MD5, and every other hash stays on .NET's.
/// </summary>
internal static class Md5
{
    public const int HashSize = 16;

    // RFC 1321 §3.4: T[i] is the integer part of 2^32 × |sin(i)|, i = 1..64 (radians).
    private static readonly uint[] T = CreateSineTable();

    // RFC 1321 §3.4: the left rotations of each round, four per round.
    private static readonly int[] Shifts = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

    /// <summary>The 16-byte MD5 digest of <paramref name="data"/>.</summary>
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        // RFC 1321 §3.3: A, B, C, D start as these words (low-order byte first in the RFC's listing).
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;

        var whole = data.Length / 64 * 64;
        for (var offset = 0; offset < whole; offset += 64)
        {
            Transform(data.Slice(offset, 64), ref a, ref b, ref c, ref d);
        }

        // RFC 1321 §3.1-3.2: a 1 bit, zeros up to 56 bytes mod 64, then the length in bits, 64 bits little-endian.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailLength - 8, 8), (ulong)data.Length * 8);
        for (var offset = 0; offset < tailLength; offset += 64)
        {
            Transform(tail.Slice(offset, 64), ref a, ref b, ref c, ref d);
        }

        // RFC 1321 §3.5: the digest is A, B, C, D, each low-order byte first.
        var digest = new byte[HashSize];
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(0), a);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(12), d);
        return digest;
    }

    // RFC 1321 §3.4: one 16-word block through the four rounds of 16 operations.
    private static void Transform(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4, 4));
        }

        uint a = a0, b = b0, c = c0, d = d0;
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int k;
            switch (i / 16)
            {
                case 0:
                    f = (b & c) | (~b & d); // F
                    k = i;
                    break;
                case 1:
                    f = (b & d) | (c & ~d); // G
                    k = ((5 * i) + 1) % 16;
                    break;
                case 2:
                    f = b ^ c ^ d; // H
                    k = ((3 * i) + 5) % 16;
                    break;
                default:
                    f = c ^ (b | ~d); // I
                    k = 7 * i % 16;
                    break;
            }

            var rotated = BitOperations.RotateLeft(a + f + T[i] + x[k], Shifts[(i / 16 * 4) + (i % 4)]);
            a = d;
            d = c;
            c = b;
            b += rotated;
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    private static uint[] CreateSineTable()
    {
        var table = new uint[64];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (uint)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
        }

        return table;
    }
}
