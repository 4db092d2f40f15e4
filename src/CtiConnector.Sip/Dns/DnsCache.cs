namespace CtiConnector.Sip.Dns;

/// <summary>
/// Successful answers kept until their smallest TTL runs out (RFC 1035 §3.2.1, RFC 2181 §5.2: the records of one
/// set share a TTL; we keep the smallest). Negative answers are cached only when they carry an SOA (RFC 2308 §5).
/// Thread-safe; time comes from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class DnsCache(TimeProvider time, int capacity)
{
    private readonly Dictionary<(string Name, DnsRecordType Type), (DnsResult Result, DateTimeOffset Expires)> _entries = [];
    private readonly Lock _gate = new();

    public bool TryGet(string name, DnsRecordType type, out DnsResult? result)
    {
        var key = (Normalize(name), type);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (time.GetUtcNow() < entry.Expires)
                {
                    result = entry.Result;
                    return true;
                }

                _entries.Remove(key);
            }
        }

        result = null;
        return false;
    }

    public void Store(string name, DnsRecordType type, DnsResult result)
    {
        TimeSpan ttl;
        if (result.Succeeded && result.Records.Count > 0)
        {
            ttl = result.Records.Min(r => r.TimeToLive);
        }
        else if (result.IsNegative && result.NegativeTtl is { } negative)
        {
            ttl = negative; // RFC 2308 §5: NXDOMAIN and NODATA are cached by the SOA, never without one.
        }
        else
        {
            return;
        }

        if (ttl <= TimeSpan.Zero)
        {
            return; // RFC 1035 §3.2.1: zero means use for this transaction only.
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.Count >= capacity)
            {
                var expired = _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList();
                foreach (var key in expired)
                {
                    _entries.Remove(key);
                }

                if (_entries.Count >= capacity)
                {
                    _entries.Remove(_entries.MinBy(e => e.Value.Expires).Key);
                }
            }

            _entries[(Normalize(name), type)] = (result, now + ttl);
        }
    }

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
