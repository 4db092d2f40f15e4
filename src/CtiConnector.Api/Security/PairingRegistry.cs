using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using CtiConnector.Api.Json;
using CtiConnector.Shared;

namespace CtiConnector.Api.Security;

/// <summary>
/// Web origins and their tokens. An origin of <see cref="ApiOptions.AllowedOrigins"/> is paired at its first request;
/// any other stays pending until the user approves it. Each paired origin has its own token, valid only from that
/// origin, and revocable. Kept in <see cref="ApiOptions.PairingsFile"/> (mode 600) when set.
/// </summary>
public sealed class PairingRegistry
{
    /// <summary>Most pending requests kept; older ones are forgotten.</summary>
    public const int MaxPending = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PairingRecord> _origins = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CancellationTokenSource> _revocations = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _file;
    private readonly TimeProvider _time;

    public PairingRegistry(ApiOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _file = options.PairingsFile;
        foreach (var origin in options.AllowedOrigins)
        {
            if (!string.IsNullOrWhiteSpace(origin))
            {
                _allowed.Add(Normalize(origin));
            }
        }

        Load();
    }

    /// <summary>Lower-cases the origin and drops a trailing slash.</summary>
    public static string Normalize(string origin) => (origin ?? string.Empty).Trim().TrimEnd('/').ToLowerInvariant();

    /// <summary>True when the origin is configured or paired: its requests are accepted (with a valid token).</summary>
    public bool IsTrusted(string origin)
    {
        var key = Normalize(origin);
        lock (_gate)
        {
            return _allowed.Contains(key) || (_origins.TryGetValue(key, out var record) && record.Token is not null);
        }
    }

    /// <summary>A pairing request from <paramref name="origin"/>: paired at once when configured or approved, else pending.</summary>
    public PairResult Request(string origin, string? name) => Request(origin, name, out _);

    /// <summary>As <see cref="Request(string, string?)"/>; <paramref name="isNew"/> tells that the origin just became pending.</summary>
    public PairResult Request(string origin, string? name, out bool isNew)
    {
        isNew = false;
        var key = Normalize(origin);
        lock (_gate)
        {
            if (_origins.TryGetValue(key, out var record) && record.Token is not null)
            {
                return new PairResult("paired", key, record.Token);
            }

            if (_allowed.Contains(key))
            {
                record = new PairingRecord(key, Clean(name), NewToken(), _time.GetUtcNow());
                _origins[key] = record;
                Save();
                return new PairResult("paired", key, record.Token);
            }

            if (record is null)
            {
                var pending = _origins.Values.Where(r => r.Token is null).OrderBy(r => r.RequestedAt).ToList();
                if (pending.Count >= MaxPending)
                {
                    _origins.Remove(pending[0].Origin);
                }

                _origins[key] = new PairingRecord(key, Clean(name), null, _time.GetUtcNow());
                isNew = true;
            }

            return new PairResult("pending", key, null);
        }
    }

    /// <summary>The user approves a pending (or any) origin; false when it never asked.</summary>
    public bool Approve(string origin)
    {
        var key = Normalize(origin);
        lock (_gate)
        {
            if (!_origins.TryGetValue(key, out var record))
            {
                return false;
            }

            if (record.Token is null)
            {
                _origins[key] = record with { Token = NewToken() };
                Save();
            }

            return true;
        }
    }

    /// <summary>Forgets an origin and its token (a pending request too); false when unknown.</summary>
    public bool Revoke(string origin)
    {
        var key = Normalize(origin);
        lock (_gate)
        {
            if (!_origins.Remove(key, out var record))
            {
                return false;
            }

            if (record.Token is not null)
            {
                Save();
            }

            // Connections the origin already holds (event streams) end now, not at their next request.
            if (_revocations.Remove(key, out var revocation))
            {
                revocation.Cancel();
                revocation.Dispose();
            }

            return true;
        }
    }

    /// <summary>
    /// A token cancelled when <paramref name="origin"/>'s pairing is revoked, for connections that outlive a request
    /// (an event stream must not keep sending calls and contacts to an origin the user has cut off).
    /// </summary>
    public CancellationToken RevocationToken(string origin)
    {
        var key = Normalize(origin);
        lock (_gate)
        {
            if (!_revocations.TryGetValue(key, out var revocation))
            {
                revocation = new CancellationTokenSource();
                _revocations[key] = revocation;
            }

            return revocation.Token;
        }
    }

    /// <summary>The origin a paired token belongs to, or null (constant-time comparison).</summary>
    public string? OriginOfToken(string token)
    {
        var presented = Encoding.UTF8.GetBytes(token);
        string? found = null;
        lock (_gate)
        {
            foreach (var record in _origins.Values)
            {
                if (record.Token is not null && CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(record.Token)))
                {
                    found = record.Origin;
                }
            }
        }

        return found;
    }

    /// <summary>Every known origin, paired or pending.</summary>
    public IReadOnlyList<PairingInfo> List()
    {
        lock (_gate)
        {
            return [.. _origins.Values.OrderBy(r => r.RequestedAt).Select(r => new PairingInfo(r.Origin, r.Name, r.Token is null ? "pending" : "paired", r.RequestedAt))];
        }
    }

    /// <summary>A fresh random token (32 bytes, base64url).</summary>
    public static string NewToken() => Base64Url(SystemRandom.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return text.Length > 80 ? text[..80] : text;
    }

    private void Load()
    {
        if (_file is null || !File.Exists(_file))
        {
            return;
        }

        try
        {
            var records = JsonSerializer.Deserialize(File.ReadAllBytes(_file), ApiJsonContext.Default.ListPairingRecord) ?? [];
            foreach (var record in records.Where(r => r.Token is not null))
            {
                _origins[Normalize(record.Origin)] = record;
            }
        }
        catch (JsonException)
        {
            // A damaged file pairs nothing: every origin asks again.
        }
    }

    private void Save()
    {
        if (_file is null)
        {
            return;
        }

        List<PairingRecord> paired = [.. _origins.Values.Where(r => r.Token is not null)];
        var temporary = _file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, paired, ApiJsonContext.Default.ListPairingRecord);
        }

        File.Move(temporary, _file, overwrite: true);
    }
}

/// <summary>A known origin: pending while <see cref="Token"/> is null.</summary>
public sealed record PairingRecord(string Origin, string? Name, string? Token, DateTimeOffset RequestedAt);
