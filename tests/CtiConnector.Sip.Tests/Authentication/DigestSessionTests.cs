using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Tests.Transactions;

namespace CtiConnector.Sip.Tests.Authentication;

/// <summary>Challenge handling across requests: 401/407, nonce counts, stale nonces, and no loop on a refused password.</summary>
public sealed class DigestSessionTests
{
    private readonly DigestSession _session = new([new SipCredentials("alice", "s3cret")]);

    [Fact]
    public void AnswerToA401CarriesAnAuthorizationWithTheFirstNonceCount()
    {
        var request = TestMessages.Request(SipMethods.Register);
        Assert.True(_session.TryAnswer(Challenge(request, 401, "n1")));

        _session.Authorize(request);

        var value = Assert.Single(request.Headers.GetValues(HeaderId.Authorization));
        Assert.Contains("nonce=\"n1\"", value, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", value, StringComparison.Ordinal);
        Assert.False(request.Headers.Contains(HeaderId.ProxyAuthorization));
    }

    [Fact]
    public void AnswerToA407GoesInProxyAuthorization()
    {
        var request = TestMessages.Request(SipMethods.Invite);
        Assert.True(_session.TryAnswer(Challenge(request, 407, "p1")));

        _session.Authorize(request);

        Assert.Single(request.Headers.GetValues(HeaderId.ProxyAuthorization));
        Assert.False(request.Headers.Contains(HeaderId.Authorization));
    }

    [Fact]
    public void LaterRequestsReuseTheNonceWithAGrowingCount()
    {
        var first = TestMessages.Request(SipMethods.Register);
        _session.TryAnswer(Challenge(first, 401, "n1"));
        _session.Authorize(first);
        _session.OnAccepted();

        var refresh = TestMessages.Request(SipMethods.Register, cseq: 3);
        _session.Authorize(refresh);

        Assert.Contains("nc=00000002", refresh.Headers[HeaderId.Authorization], StringComparison.Ordinal);
    }

    [Fact]
    public void SecondChallengeAfterAFreshAnswerMeansTheWrongPassword()
    {
        var request = TestMessages.Request(SipMethods.Register);
        Assert.True(_session.TryAnswer(Challenge(request, 401, "n1")));
        _session.Authorize(request);

        Assert.False(_session.TryAnswer(Challenge(request, 401, "n2")));

        Assert.Equal("401 Unauthorized: wrong user name or password for realm \"cti.test\"", _session.FailureReason);
    }

    [Fact]
    public void StaleChallengeIsAnsweredAgainWithTheNewNonce()
    {
        var request = TestMessages.Request(SipMethods.Register);
        _session.TryAnswer(Challenge(request, 401, "n1"));
        _session.Authorize(request);

        Assert.True(_session.TryAnswer(Challenge(request, 401, "n2", stale: true)));
        var retry = TestMessages.Request(SipMethods.Register, cseq: 2);
        _session.Authorize(retry);

        var value = retry.Headers[HeaderId.Authorization]!;
        Assert.Contains("nonce=\"n2\"", value, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", value, StringComparison.Ordinal);
        Assert.Null(_session.FailureReason);
    }

    [Fact]
    public void NewChallengeAfterAcceptedAnswersIsAnsweredOnceMore()
    {
        // A registrar may forget nonces (a restart): one new answer is fair, a second refusal is not.
        var request = TestMessages.Request(SipMethods.Register);
        _session.TryAnswer(Challenge(request, 401, "n1"));
        _session.Authorize(request);
        _session.OnAccepted();

        Assert.True(_session.TryAnswer(Challenge(request, 401, "n2")));
        _session.Authorize(request);
        Assert.False(_session.TryAnswer(Challenge(request, 401, "n3")));
    }

    [Fact]
    public void ChallengeForAnotherRealmWithoutCredentialsIsNotAnswered()
    {
        var session = new DigestSession([new SipCredentials("alice", "s3cret", "cti.test")]);
        var request = TestMessages.Request(SipMethods.Register);
        var response = TestMessages.Response(request, 401);
        response.Headers.Add(HeaderId.WwwAuthenticate, "Digest realm=\"elsewhere\", nonce=\"x\"");

        Assert.False(session.TryAnswer(response));
        Assert.Equal("no credentials for realm \"elsewhere\"", session.FailureReason);
    }

    [Fact]
    public void PerRealmCredentialsAreChosenByRealm()
    {
        var session = new DigestSession([new SipCredentials("bob", "other", "elsewhere"), new SipCredentials("alice", "s3cret", "cti.test")]);
        var request = TestMessages.Request(SipMethods.Register);
        session.TryAnswer(Challenge(request, 401, "n1"));

        session.Authorize(request);

        Assert.Contains("username=\"alice\"", request.Headers[HeaderId.Authorization], StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedAlgorithmIsAFailureWithAReason()
    {
        var request = TestMessages.Request(SipMethods.Register);
        var response = TestMessages.Response(request, 401);
        response.Headers.Add(HeaderId.WwwAuthenticate, "Digest realm=\"cti.test\", nonce=\"x\", algorithm=AKAv1-MD5");

        Assert.False(_session.TryAnswer(response));
        Assert.Contains("AKAV1-MD5", _session.FailureReason, StringComparison.OrdinalIgnoreCase);
    }

    private static SipResponse Challenge(SipRequest request, int status, string nonce, bool stale = false)
    {
        var response = TestMessages.Response(request, status);
        var header = $"Digest realm=\"cti.test\", nonce=\"{nonce}\", qop=\"auth\", algorithm=MD5" + (stale ? ", stale=true" : string.Empty);
        response.Headers.Add(status == 407 ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate, header);
        return response;
    }
}
