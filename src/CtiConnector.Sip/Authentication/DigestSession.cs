using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Authentication;

/// <summary>
/// Answers 401/407 challenges for one sequence of requests (a registration, a dialog). It keeps the
/// challenge and nonce count per realm so later requests authenticate up front, and it never loops on a
/// wrong password: when a request that carried an answer to a fresh challenge is challenged again (and the
/// new challenge is not <c>stale=true</c>), the credentials were refused and <see cref="TryAnswer"/> says so.
/// </summary>
public sealed class DigestSession
{
    private readonly IReadOnlyList<SipCredentials> _credentials;
    private readonly Dictionary<string, RealmState> _realms = new(StringComparer.Ordinal);

    public DigestSession(IReadOnlyList<SipCredentials> credentials)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    /// <summary>Why the last <see cref="TryAnswer"/> failed, in words for the user.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>True when some challenge is held, so requests carry credentials up front.</summary>
    public bool HasChallenges => _realms.Count > 0;

    /// <summary>
    /// Takes the challenges of a 401/407. Returns false (with <see cref="FailureReason"/>) when none can be answered,
    /// or when the credentials were just refused.
    /// </summary>
    public bool TryAnswer(SipResponse challengeResponse)
    {
        ArgumentNullException.ThrowIfNull(challengeResponse);
        var proxy = challengeResponse.StatusCode == 407;
        var headers = challengeResponse.Headers.GetValues(proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate);
        var answered = 0;
        string? failure = null;
        foreach (var header in headers)
        {
            if (!DigestChallenge.TryParse(header, out var challenge))
            {
                continue;
            }

            if (!challenge.IsSupported)
            {
                failure ??= $"the server asks for the unsupported digest algorithm {challenge.Algorithm}";
                continue;
            }

            if (FindCredentials(challenge.Realm) is null)
            {
                failure ??= $"no credentials for realm \"{challenge.Realm}\"";
                continue;
            }

            if (_realms.TryGetValue(challenge.Realm, out var state) && state.AnsweredFresh && !challenge.Stale)
            {
                FailureReason = $"{challengeResponse.StatusCode} {challengeResponse.ReasonPhrase}: wrong user name or password for realm \"{challenge.Realm}\"";
                return false;
            }

            _realms[challenge.Realm] = new RealmState(challenge, proxy);
            answered++;
        }

        FailureReason = answered > 0
            ? null
            : failure ?? $"{challengeResponse.StatusCode} {challengeResponse.ReasonPhrase} without a usable digest challenge";
        return answered > 0;
    }

    /// <summary>Call on a final response that was not a challenge: the answers held were accepted.</summary>
    public void OnAccepted()
    {
        foreach (var state in _realms.Values)
        {
            state.AnsweredFresh = false;
        }
    }

    /// <summary>Adds Authorization / Proxy-Authorization headers for every realm a challenge is held for.</summary>
    public void Authorize(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(HeaderId.Authorization);
        request.Headers.Remove(HeaderId.ProxyAuthorization);
        foreach (var (realm, state) in _realms)
        {
            var credentials = FindCredentials(realm)!;
            if (state.Count == 0)
            {
                state.AnsweredFresh = true;
            }

            state.Count++;
            var value = DigestAuthenticator.CreateAuthorization(
                state.Challenge, credentials.Username, credentials.Password, request.Method, request.RequestUriText, state.Count);
            request.Headers.Add(state.Proxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization, value);
        }
    }

    private SipCredentials? FindCredentials(string realm) =>
        _credentials.FirstOrDefault(c => string.Equals(c.Realm, realm, StringComparison.Ordinal))
        ?? _credentials.FirstOrDefault(c => c.Realm is null);

    private sealed class RealmState(DigestChallenge challenge, bool proxy)
    {
        public DigestChallenge Challenge { get; } = challenge;

        public bool Proxy { get; } = proxy;

        public int Count { get; set; }

        public bool AnsweredFresh { get; set; }
    }
}
