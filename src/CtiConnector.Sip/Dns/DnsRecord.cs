namespace CtiConnector.Sip.Dns;

/// <summary>
/// One resource record of an answer (RFC 1035 §4.1.3). The concrete types carry the RDATA of the types this client
/// understands; records of other types are skipped by the reader.
/// </summary>
/// <param name="Name">The owner name, without the trailing dot.</param>
/// <param name="TimeToLive">How long the record may be cached (RFC 1035 §3.2.1; RFC 2181 §8 values above 2^31-1 read as zero).</param>
public abstract record DnsRecord(string Name, TimeSpan TimeToLive)
{
    /// <summary>The record type.</summary>
    public abstract DnsRecordType Type { get; }
}
