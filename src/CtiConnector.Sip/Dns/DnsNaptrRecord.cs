namespace CtiConnector.Sip.Dns;

/// <summary>A NAPTR record (RFC 3403 §4.1): lower order first, then lower preference.</summary>
/// <param name="Flags">For SIP, "S": the replacement is an SRV name (RFC 3263 §4.1).</param>
/// <param name="Services">For SIP, "SIP+D2U", "SIP+D2T", "SIPS+D2T" (RFC 3263 §4.1).</param>
/// <param name="Replacement">The next name to look up, without the trailing dot; empty for the root.</param>
public sealed record DnsNaptrRecord(
    string Name,
    TimeSpan TimeToLive,
    ushort Order,
    ushort Preference,
    string Flags,
    string Services,
    string Regexp,
    string Replacement) : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Naptr;
}
