using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CtiConnector.Shared;

namespace CtiConnector.Sip.Authentication;

/// <summary>Computes Digest <c>Authorization</c> / <c>Proxy-Authorization</c> values (RFC 2617, RFC 7616, RFC 8760).</summary>
public static class DigestAuthenticator
{
    public static bool IsSupportedAlgorithm(string algorithm) => algorithm.ToUpperInvariant() is "MD5" or "MD5-SESS" or "SHA-256" or "SHA-256-SESS";

    /// <summary>
    /// Answers <paramref name="challenge"/> for a request. With <c>qop=auth</c> offered, uses it with
    /// <paramref name="nonceCount"/> and a fresh client nonce (or <paramref name="clientNonce"/> for tests).
    /// </summary>
    public static string CreateAuthorization(
        DigestChallenge challenge,
        string username,
        string password,
        string method,
        string digestUri,
        int nonceCount,
        string? clientNonce = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var algorithm = challenge.Algorithm.ToUpperInvariant();
        if (!IsSupportedAlgorithm(algorithm))
        {
            throw new NotSupportedException($"Digest algorithm {challenge.Algorithm} is not supported.");
        }

        var useQop = challenge.Qop.Any(q => q.Equals("auth", StringComparison.OrdinalIgnoreCase));
        var cnonce = clientNonce ?? Convert.ToHexStringLower(SystemRandom.GetBytes(8));
        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);

        var ha1 = Hash(algorithm, $"{username}:{challenge.Realm}:{password}");
        if (algorithm.EndsWith("-SESS", StringComparison.Ordinal))
        {
            ha1 = Hash(algorithm, $"{ha1}:{challenge.Nonce}:{cnonce}");
        }

        var ha2 = Hash(algorithm, $"{method}:{digestUri}");
        var response = useQop
            ? Hash(algorithm, $"{ha1}:{challenge.Nonce}:{nc}:{cnonce}:auth:{ha2}")
            : Hash(algorithm, $"{ha1}:{challenge.Nonce}:{ha2}");

        var builder = new StringBuilder(256);
        builder.Append("Digest username=\"").Append(Quote(username))
            .Append("\", realm=\"").Append(Quote(challenge.Realm))
            .Append("\", nonce=\"").Append(Quote(challenge.Nonce))
            .Append("\", uri=\"").Append(Quote(digestUri))
            .Append("\", response=\"").Append(response)
            .Append("\", algorithm=").Append(challenge.Algorithm);
        if (challenge.Opaque is not null)
        {
            builder.Append(", opaque=\"").Append(Quote(challenge.Opaque)).Append('"');
        }

        if (useQop)
        {
            builder.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append('"');
        }

        return builder.ToString();
    }

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        // MD5 is what RFC 2617 digest authentication is made of (servers still ask for it): our own, so that it does not
        // load OpenSSL; SHA-256 (RFC 8760) stays on .NET's.
        var digest = algorithm.StartsWith("SHA-256", StringComparison.Ordinal) ? SHA256.HashData(bytes) : Md5.HashData(bytes);
        return Convert.ToHexStringLower(digest);
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
