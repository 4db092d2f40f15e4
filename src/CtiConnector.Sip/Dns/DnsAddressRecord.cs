using System.Net;
using System.Net.Sockets;

namespace CtiConnector.Sip.Dns;

/// <summary>An A (RFC 1035 §3.4.1) or AAAA (RFC 3596 §2.2) record.</summary>
public sealed record DnsAddressRecord(string Name, TimeSpan TimeToLive, IPAddress Address) : DnsRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A;
}
