using System.Diagnostics.CodeAnalysis;

namespace CtiConnector.Sip.Authentication;

/// <summary>
/// A <c>WWW-Authenticate</c> or <c>Proxy-Authenticate</c> Digest challenge (RFC 7616 §3.3, RFC 8760).
/// <example><c>Digest realm="example.org", nonce="5a3d...", qop="auth", algorithm=SHA-256, stale=TRUE</c></example>
/// </summary>
public sealed record DigestChallenge(
    string Realm,
    string Nonce,
    string? Opaque,
    string Algorithm,
    IReadOnlyList<string> Qop,
    bool Stale)
{
    /// <summary>Parses one challenge; false when it is not Digest or lacks realm or nonce.</summary>
    public static bool TryParse([NotNullWhen(true)] string? header, [NotNullWhen(true)] out DigestChallenge? challenge)
    {
        challenge = null;
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || (text.Length > 6 && !char.IsWhiteSpace(text[6])))
        {
            return false;
        }

        var fields = AuthParams.Parse(text[6..]);
        if (!fields.TryGetValue("realm", out var realm) || !fields.TryGetValue("nonce", out var nonce))
        {
            return false;
        }

        fields.TryGetValue("opaque", out var opaque);
        var algorithm = fields.TryGetValue("algorithm", out var a) ? a.ToUpperInvariant() : "MD5";
        var qop = fields.TryGetValue("qop", out var q)
            ? q.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var stale = fields.TryGetValue("stale", out var s) && s.Equals("true", StringComparison.OrdinalIgnoreCase);
        challenge = new DigestChallenge(realm, nonce, opaque, algorithm, qop, stale);
        return true;
    }

    /// <summary>Whether this stack can answer the challenge's algorithm (MD5, SHA-256 and their -sess forms).</summary>
    public bool IsSupported => DigestAuthenticator.IsSupportedAlgorithm(Algorithm);
}
