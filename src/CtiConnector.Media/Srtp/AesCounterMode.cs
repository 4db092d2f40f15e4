using System.Security.Cryptography;

namespace CtiConnector.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the keystream is AES-ECB of the 128-bit IV
/// with its low 16 bits counting blocks, XORed over the data. Not thread-safe; one per direction.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    // An audio packet is a few hundred bytes; larger data runs through in chunks.
    private const int ChunkBlocks = 96;

    private readonly Aes _aes;

    // One ECB encryptor for the life of the key: ECB keeps no state between blocks, and reusing it spares
    // setting up a native cipher per packet (what Aes.EncryptEcb does).
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _keystream = new byte[ChunkBlocks * 16];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at <paramref name="iv"/> (16 bytes).</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var block = 0;
        while (data.Length > 0)
        {
            var blocks = Math.Min(ChunkBlocks, (data.Length + 15) / 16);
            var counters = _counters.AsSpan(0, blocks * 16);
            for (var i = 0; i < blocks; i++, block++)
            {
                var counter = counters.Slice(i * 16, 16);
                iv.CopyTo(counter);

                // RFC 3711 §4.1.1: the block counter is added to the IV's low 16 bits (they are zero in SRTP's IV).
                var low = (ushort)((counter[14] << 8 | counter[15]) + block);
                counter[14] = (byte)(low >> 8);
                counter[15] = (byte)low;
            }

            _encryptor.TransformBlock(_counters, 0, counters.Length, _keystream, 0);
            var keystream = _keystream.AsSpan(0, counters.Length);
            var n = Math.Min(data.Length, keystream.Length);
            for (var i = 0; i < n; i++)
            {
                data[i] ^= keystream[i];
            }

            data = data[n..];
        }
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}
