using System.Security.Cryptography;

namespace CtiConnector.Media.Srtp;

/// <summary>
/// An SRTP master key and master salt (128 + 112 bits, RFC 3711 §8.2), as carried base64-encoded in
/// SDES <c>inline:</c> key parameters (RFC 4568 §6.1). Its text form never shows the key.
/// </summary>
public sealed class SrtpMasterKey : IEquatable<SrtpMasterKey>
{
    /// <summary>Bytes of master key.</summary>
    public const int KeyLength = 16;

    /// <summary>Bytes of master salt.</summary>
    public const int SaltLength = 14;

    private readonly byte[] _bytes;

    /// <summary>Key then salt: <see cref="KeyLength"/> + <see cref="SaltLength"/> bytes.</summary>
    public SrtpMasterKey(ReadOnlySpan<byte> keyAndSalt)
    {
        if (keyAndSalt.Length != KeyLength + SaltLength)
        {
            throw new ArgumentException($"An SRTP master key and salt is {KeyLength + SaltLength} bytes, not {keyAndSalt.Length}.", nameof(keyAndSalt));
        }

        _bytes = keyAndSalt.ToArray();
    }

    /// <summary>The master key.</summary>
    public ReadOnlySpan<byte> Key => _bytes.AsSpan(0, KeyLength);

    /// <summary>The master salt.</summary>
    public ReadOnlySpan<byte> Salt => _bytes.AsSpan(KeyLength, SaltLength);

    /// <summary>A fresh key from the system's cryptographic random generator.</summary>
    public static SrtpMasterKey Generate() => new(RandomNumberGenerator.GetBytes(KeyLength + SaltLength));

    /// <summary>Reads the base64 text of an <c>inline:</c> parameter; false when it is not 30 bytes of base64.</summary>
    public static bool TryParseBase64(ReadOnlySpan<char> text, out SrtpMasterKey? key)
    {
        Span<byte> bytes = stackalloc byte[48];
        if (Convert.TryFromBase64Chars(text, bytes, out var written) && written == KeyLength + SaltLength)
        {
            key = new SrtpMasterKey(bytes[..written]);
            return true;
        }

        key = null;
        return false;
    }

    /// <summary>The base64 text for an <c>inline:</c> parameter (40 characters, no padding needed).</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes);

    /// <inheritdoc />
    public bool Equals(SrtpMasterKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SrtpMasterKey);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>Never the key itself: logs and records print this.</summary>
    public override string ToString() => "SRTP master key (hidden)";
}
