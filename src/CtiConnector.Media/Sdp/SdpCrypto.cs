using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// One SDES crypto attribute (RFC 4568 §9.1) that we can use: a tag, a suite we speak and one inline key
/// without MKI.
/// <code>
/// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20
/// </code>
/// Lines with another suite, several keys, an MKI, or session parameters are not ours to use: reading
/// them fails and the offer/answer looks at the next line.
/// </summary>
/// <param name="Tag">The decimal tag (1-9 digits) that pairs an answer with an offered line.</param>
/// <param name="Suite">The crypto suite.</param>
/// <param name="Key">The master key and salt.</param>
public sealed record SdpCrypto(int Tag, SrtpCryptoSuite Suite, SrtpMasterKey Key)
{
    /// <summary>The attribute name.</summary>
    public const string AttributeName = "crypto";

    /// <summary>Reads the value of an <c>a=crypto</c> attribute (after the colon).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCrypto? crypto)
    {
        crypto = null;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // RFC 4568 §6.3: session parameters we do not understand make the line unusable; we use none.
        if (parts.Length != 3
            || parts[0].Length is 0 or > 9
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tag)
            || !SrtpCryptoSuites.TryParse(parts[1], out var suite))
        {
            return false;
        }

        // §9.1: key-params = "inline:" key-salt ["|" lifetime] ["|" MKI ":" length]; one key, no MKI.
        var keyParams = parts[2];
        if (!keyParams.StartsWith("inline:", StringComparison.OrdinalIgnoreCase) || keyParams.Contains(';', StringComparison.Ordinal))
        {
            return false;
        }

        var fields = keyParams["inline:".Length..].Split('|');
        if (fields.Length > 3
            || (fields.Length >= 2 && fields[^1].Contains(':', StringComparison.Ordinal))
            || !SrtpMasterKey.TryParseBase64(fields[0], out var key))
        {
            return false;
        }

        crypto = new SdpCrypto(tag, suite, key!);
        return true;
    }

    /// <summary>Every usable <c>a=crypto</c> of a media section, in the writer's order of preference.</summary>
    public static IEnumerable<SdpCrypto> ReadAll(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        foreach (var attribute in media.Attributes)
        {
            if (string.Equals(attribute.Name, AttributeName, StringComparison.OrdinalIgnoreCase) && TryParse(attribute.Value, out var crypto))
            {
                yield return crypto;
            }
        }
    }

    /// <summary>The attribute to write.</summary>
    public SdpAttribute ToAttribute() =>
        new(AttributeName, string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite.Name()} inline:{Key.ToBase64()}"));
}
