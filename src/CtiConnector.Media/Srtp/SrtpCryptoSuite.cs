namespace CtiConnector.Media.Srtp;

/// <summary>The SRTP crypto suites we speak (RFC 4568 §6.2): AES in counter mode with a 128-bit key, HMAC-SHA1.</summary>
public enum SrtpCryptoSuite
{
    /// <summary><c>AES_CM_128_HMAC_SHA1_80</c>: 80-bit tags on SRTP and SRTCP (the mandatory suite).</summary>
    AesCm128HmacSha1Tag80,

    /// <summary><c>AES_CM_128_HMAC_SHA1_32</c>: 32-bit tags on SRTP, 80-bit on SRTCP (RFC 4568 §6.2.2).</summary>
    AesCm128HmacSha1Tag32,
}

/// <summary>Names and sizes of <see cref="SrtpCryptoSuite"/> values.</summary>
public static class SrtpCryptoSuites
{
    /// <summary>Our suites in order of preference (what an offer lists).</summary>
    public static IReadOnlyList<SrtpCryptoSuite> Preference { get; } = [SrtpCryptoSuite.AesCm128HmacSha1Tag80, SrtpCryptoSuite.AesCm128HmacSha1Tag32];

    /// <summary>The name written in <c>a=crypto</c>.</summary>
    public static string Name(this SrtpCryptoSuite suite) => suite switch
    {
        SrtpCryptoSuite.AesCm128HmacSha1Tag80 => "AES_CM_128_HMAC_SHA1_80",
        SrtpCryptoSuite.AesCm128HmacSha1Tag32 => "AES_CM_128_HMAC_SHA1_32",
        _ => throw new ArgumentOutOfRangeException(nameof(suite)),
    };

    /// <summary>The suite a name in <c>a=crypto</c> stands for; false for a suite we do not speak.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SrtpCryptoSuite suite)
    {
        foreach (var candidate in Preference)
        {
            if (name.Equals(candidate.Name(), StringComparison.Ordinal))
            {
                suite = candidate;
                return true;
            }
        }

        suite = default;
        return false;
    }

    /// <summary>Bytes of authentication tag on an SRTP packet.</summary>
    public static int RtpTagLength(this SrtpCryptoSuite suite) => suite == SrtpCryptoSuite.AesCm128HmacSha1Tag32 ? 4 : 10;

    /// <summary>Bytes of authentication tag on an SRTCP packet: 80 bits for both suites (RFC 4568 §6.2.2).</summary>
    public static int RtcpTagLength(this SrtpCryptoSuite suite) => 10;
}
