using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CtiConnector.Api.Json;

namespace CtiConnector.Api.Ui;

/// <summary>
/// Sign-in to the agent's web UI without handing the API token to a page: the user's token (through <c>cti ui</c>) buys a
/// one-time code (32 random bytes, valid <see cref="CodeLifetime"/>), and the code becomes a session id carried in an
/// HTTP-only, same-site cookie, valid until <see cref="IdleLifetime"/> passes without use. Codes and session ids live in
/// memory; with <see cref="ApiOptions.UiSessionsFile"/> the sessions' SHA-256 hashes (useless as cookies) and expiries are
/// also kept in that file (mode 600), so that an open page carries on after the agent restarts.
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
    private readonly Dictionary<string, DateTimeOffset> _saved = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string? _file;

    public UiSessions(TimeProvider time, string? file = null)
    {
        _time = time;
        _file = file;
        Load();
    }

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
            _sessions[Hash(session)] = now + IdleLifetime;
            Save();
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
        var key = Hash(session);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(key, out var expires))
            {
                return false;
            }

            if (expires <= now)
            {
                _sessions.Remove(key);
                Save();
                return false;
            }

            _sessions[key] = now + IdleLifetime;
            // The file follows the sliding expiry coarsely: a restart may cost a session at most this much idle time.
            if (_file is not null && (!_saved.TryGetValue(key, out var saved) || now + IdleLifetime - saved > TimeSpan.FromMinutes(10)))
            {
                Save();
            }

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
            var ended = _sessions.Remove(Hash(session));
            if (ended)
            {
                Save();
            }

            return ended;
        }
    }

    private static string Hash(string session) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(session)));

    private void Load()
    {
        if (_file is null || !File.Exists(_file))
        {
            return;
        }

        try
        {
            var now = _time.GetUtcNow();
            var saved = JsonSerializer.Deserialize(File.ReadAllBytes(_file), ApiJsonContext.Default.DictionaryStringDateTimeOffset) ?? [];
            foreach (var (hash, expires) in saved.Where(e => e.Value > now && e.Key.Length == 64).Take(MaxEntries))
            {
                _sessions[hash] = expires;
                _saved[hash] = expires;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // A damaged or unreadable file signs every page out; `cti ui` signs in again.
        }
    }

    /// <summary>Writes the live sessions' hashes (under the lock).</summary>
    private void Save()
    {
        if (_file is null)
        {
            return;
        }

        _saved.Clear();
        foreach (var (hash, expires) in _sessions)
        {
            _saved[hash] = expires;
        }

        try
        {
            var temporary = _file + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, _saved, ApiJsonContext.Default.DictionaryStringDateTimeOffset);
            }

            File.Move(temporary, _file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Sessions still work in memory; only a restart would sign the pages out.
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
