namespace CtiConnector.Sip.Dns;

/// <summary>The resource record types this client asks for and understands (RFC 1035 §3.2.2 and later RFCs).</summary>
public enum DnsRecordType : ushort
{
    /// <summary>An IPv4 address (RFC 1035 §3.4.1).</summary>
    A = 1,

    /// <summary>An alias (RFC 1035 §3.3.1).</summary>
    Cname = 5,

    /// <summary>An IPv6 address (RFC 3596 §2.1).</summary>
    Aaaa = 28,

    /// <summary>A service location (RFC 2782).</summary>
    Srv = 33,

    /// <summary>A naming authority pointer (RFC 3403 §4).</summary>
    Naptr = 35,
}
