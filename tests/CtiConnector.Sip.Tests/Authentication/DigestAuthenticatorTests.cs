using CtiConnector.Sip.Authentication;

namespace CtiConnector.Sip.Tests.Authentication;

/// <summary>
/// Known answers for Digest responses. The expected hex was computed outside this code base with coreutils
/// (<c>printf '%s' "$HA1:nonce:nc:cnonce:auth:$HA2" | md5sum</c>, and <c>sha256sum</c> for SHA-256), not with the code
/// under test; the RFC 2617 §3.5 example is the RFC's own.
/// </summary>
public sealed class DigestAuthenticatorTests
{
    private const string Uri = "sip:127.0.0.1:5080";

    [Fact]
    public void Md5WithoutQopMatchesTheKnownAnswer()
    {
        var challenge = Challenge("MD5", qop: []);

        var value = DigestAuthenticator.CreateAuthorization(challenge, "alice", "s3cret", "REGISTER", Uri, 1, "0a4f113b");

        var fields = Fields(value);
        Assert.Equal("f350a1ed332d2f382f6de6574325c80a", fields["response"]);
        Assert.False(fields.ContainsKey("qop"));
        Assert.False(fields.ContainsKey("nc"));
        Assert.Equal("alice", fields["username"]);
        Assert.Equal("cti.test", fields["realm"]);
        Assert.Equal(Uri, fields["uri"]);
    }

    [Fact]
    public void Md5WithQopAuthUsesNonceCountAndClientNonce()
    {
        var challenge = Challenge("MD5", qop: ["auth"]);

        var first = Fields(DigestAuthenticator.CreateAuthorization(challenge, "alice", "s3cret", "REGISTER", Uri, 1, "0a4f113b"));
        var second = Fields(DigestAuthenticator.CreateAuthorization(challenge, "alice", "s3cret", "REGISTER", Uri, 2, "0a4f113b"));

        Assert.Equal("892f18834dc4b2fe236ab63661007939", first["response"]);
        Assert.Equal("00000001", first["nc"]);
        Assert.Equal("0a4f113b", first["cnonce"]);
        Assert.Equal("auth", first["qop"]);
        Assert.Equal("2470035ac89720959de1522b647b8172", second["response"]);
        Assert.Equal("00000002", second["nc"]);
    }

    [Fact]
    public void Rfc2617ExampleGivesTheRfcsResponse()
    {
        var challenge = new DigestChallenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "5ccc069c403ebaf9f0171e9517f40e41", "MD5", ["auth"], false);

        var fields = Fields(DigestAuthenticator.CreateAuthorization(challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b"));

        Assert.Equal("6629fae49393a05397450978507c4ef1", fields["response"]);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", fields["opaque"]);
    }

    [Fact]
    public void Sha256WithQopAuthMatchesTheKnownAnswer()
    {
        var fields = Fields(DigestAuthenticator.CreateAuthorization(Challenge("SHA-256", ["auth"]), "alice", "s3cret", "REGISTER", Uri, 1, "0a4f113b"));

        Assert.Equal("d96a6d0c8fea5dc5edcadd2d95980aec66d0817e1feed78654b45eb3882c72a7", fields["response"]);
        Assert.Equal("SHA-256", fields["algorithm"]);
    }

    [Fact]
    public void Sha256SessHashesTheNoncesIntoHa1()
    {
        var fields = Fields(DigestAuthenticator.CreateAuthorization(Challenge("SHA-256-sess", ["auth"]), "alice", "s3cret", "REGISTER", Uri, 1, "0a4f113b"));

        Assert.Equal("6f4b1ffabc6f1c6eacb72e07a3447c78b1fc7f5d184d3dbc738e9e1e77a8b58e", fields["response"]);
    }

    [Fact]
    public void QuotedChallengeFieldsAndQopListsParse()
    {
        Assert.True(DigestChallenge.TryParse(
            "Digest realm=\"cti.test\", nonce=\"n,1\", opaque=\"op\", qop=\"auth,auth-int\", algorithm=sha-256, stale=TRUE",
            out var challenge));

        Assert.Equal("cti.test", challenge.Realm);
        Assert.Equal("n,1", challenge.Nonce);
        Assert.Equal("SHA-256", challenge.Algorithm);
        Assert.Equal(["auth", "auth-int"], challenge.Qop);
        Assert.True(challenge.Stale);
    }

    [Fact]
    public void BasicOrIncompleteChallengesAreNotDigest()
    {
        Assert.False(DigestChallenge.TryParse("Basic realm=\"x\"", out _));
        Assert.False(DigestChallenge.TryParse("Digest nonce=\"n\"", out _));
        Assert.False(DigestChallenge.TryParse("DigestX realm=\"r\", nonce=\"n\"", out _));
    }

    [Fact]
    public void UnsupportedAlgorithmIsRefused()
    {
        Assert.Throws<NotSupportedException>(() =>
            DigestAuthenticator.CreateAuthorization(Challenge("SHA-512-256", []), "alice", "s3cret", "REGISTER", Uri, 1));
    }

    internal static DigestChallenge Challenge(string algorithm, string[] qop, bool stale = false, string nonce = "abc123nonce") =>
        new("cti.test", nonce, null, algorithm, qop, stale);

    private static Dictionary<string, string> Fields(string authorization)
    {
        Assert.StartsWith("Digest ", authorization, StringComparison.Ordinal);
        return AuthParams.Parse(authorization.AsSpan(7));
    }
}
