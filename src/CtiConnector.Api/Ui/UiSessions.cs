using System.Security.Cryptography;

namespace CtiConnector.Api.Ui;

/// <summary>
/// Sign-in to the agent's web UI without handing the API token to a page: the user's token (through <c>cti ui</c>) buys a
/// one-time code (32 random bytes, valid <see cref="CodeLifetime"/>), and the code becomes a session id carried in an
/// HTTP-only, same-site cookie, valid until <see cref="IdleLifetime"/> passes without use. Everything is kept in memory:
/// an agent restart signs every page out.
/// </summary>
public sealed class UiSessions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "cti-session";

    /// <summary>How long a sign-in code may wait before it is used.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);

    /// <summary>A session that is not used for this long ends.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(12);

    /// <summary>Most codes or sessions kept; the oldest go first.</summary>
    public const int MaxEntries = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public UiSessions(TimeProvider time) => _time = time;

    /// <summary>A fresh single-use code and when it expires.</summary>
    public (string Code, DateTimeOffset ExpiresAt) CreateCode()
    {
        var code = NewSecret();
        var expires = _time.GetUtcNow() + CodeLifetime;
        lock (_gate)
        {
            Prune(_codes, _time.GetUtcNow());
            _codes[code] = expires;
        }

        return (code, expires);
    }

    /// <summary>Spends <paramref name="code"/>: a new session id when it is known and not expired, else null. A code works once.</summary>
    public string? Redeem(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_codes.Remove(code, out var expires) || expires <= now)
            {
                return null;
            }

            Prune(_sessions, now);
            var session = NewSecret();
            _sessions[session] = now + IdleLifetime;
            return session;
        }
    }

    /// <summary>True when <paramref name="session"/> is live; each use pushes its expiry back.</summary>
    public bool Touch(string? session)
    {
        if (string.IsNullOrEmpty(session))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(session, out var expires))
            {
                return false;
            }

            if (expires <= now)
            {
                _sessions.Remove(session);
                return false;
            }

            _sessions[session] = now + IdleLifetime;
            return true;
        }
    }

    /// <summary>Ends a session (logout); false when it was not live.</summary>
    public bool End(string? session)
    {
        if (string.IsNullOrEmpty(session))
        {
            return false;
        }

        lock (_gate)
        {
            return _sessions.Remove(session);
        }
    }

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Prune(Dictionary<string, DateTimeOffset> entries, DateTimeOffset now)
    {
        foreach (var expired in entries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            entries.Remove(expired);
        }

        while (entries.Count >= MaxEntries)
        {
            entries.Remove(entries.MinBy(e => e.Value).Key);
        }
    }
}
