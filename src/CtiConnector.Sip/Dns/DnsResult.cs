namespace CtiConnector.Sip.Dns;

/// <summary>The outcome of a query: the records, or a typed failure with a human-readable detail. Never an exception.</summary>
public sealed record DnsResult(DnsQueryStatus Status, IReadOnlyList<DnsRecord> Records, string? Detail = null)
{
    /// <summary>For a negative answer, how long it may be cached (RFC 2308 §5); null when the server gave no SOA.</summary>
    public TimeSpan? NegativeTtl { get; init; }

    public bool Succeeded => Status == DnsQueryStatus.Success;

    /// <summary>True when the name or the records are known not to exist (as opposed to a server or network failure).</summary>
    public bool IsNegative => Status is DnsQueryStatus.NoRecords or DnsQueryStatus.NameNotFound;

    public static DnsResult Failure(DnsQueryStatus status, string detail) => new(status, [], detail);

    public override string ToString() => Detail is null ? $"{Status} ({Records.Count} records)" : $"{Status}: {Detail}";
}
