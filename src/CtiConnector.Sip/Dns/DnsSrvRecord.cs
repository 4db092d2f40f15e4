namespace CtiConnector.Sip.Dns;

/// <summary>An SRV record (RFC 2782): lower priority first, weight spreads the load within a priority.</summary>
/// <param name="Target">The host name; "." (stored as an empty string) means the service is not offered.</param>
public sealed record DnsSrvRecord(string Name, TimeSpan TimeToLive, ushort Priority, ushort Weight, ushort Port, string Target)
    : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Srv;
}
