namespace CtiConnector.Media.Srtp;

/// <summary>
/// The session keys derived from a master key for one of SRTP or SRTCP (RFC 3711 §4.3, key derivation
/// rate 0: derived once): the AES key, the HMAC-SHA1 key and the salt.
/// </summary>
internal sealed class SrtpSessionKeys
{
    private SrtpSessionKeys(byte[] encryption, byte[] authentication, byte[] salt)
    {
        Encryption = encryption;
        Authentication = authentication;
        Salt = salt;
    }

    public byte[] Encryption { get; }

    public byte[] Authentication { get; }

    public byte[] Salt { get; }

    /// <summary>Keys for SRTP (labels 0, 1, 2).</summary>
    public static SrtpSessionKeys ForRtp(SrtpMasterKey master) => Derive(master, 0x00);

    /// <summary>Keys for SRTCP (labels 3, 4, 5).</summary>
    public static SrtpSessionKeys ForRtcp(SrtpMasterKey master) => Derive(master, 0x03);

    private static SrtpSessionKeys Derive(SrtpMasterKey master, byte firstLabel)
    {
        using var prf = new AesCounterMode(master.Key);
        return new SrtpSessionKeys(
            Prf(prf, master.Salt, firstLabel, 16),
            Prf(prf, master.Salt, (byte)(firstLabel + 1), 20),
            Prf(prf, master.Salt, (byte)(firstLabel + 2), SrtpMasterKey.SaltLength));
    }

    private static byte[] Prf(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        // RFC 3711 §4.3.1: key_id = label || r (r = 0 with KDR 0), x = key_id XOR master_salt, both
        // right-aligned in 112 bits; the PRF is AES-CM with IV x * 2^16.
        Span<byte> iv = stackalloc byte[16];
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        var output = new byte[length];
        prf.Transform(iv, output);
        return output;
    }
}
