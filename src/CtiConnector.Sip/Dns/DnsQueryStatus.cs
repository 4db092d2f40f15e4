namespace CtiConnector.Sip.Dns;

/// <summary>How a <see cref="DnsClient"/> query ended.</summary>
public enum DnsQueryStatus
{
    /// <summary>Records of the asked type were found.</summary>
    Success,

    /// <summary>The name exists but has no record of that type (NODATA, RFC 2308 §2.2).</summary>
    NoRecords,

    /// <summary>The name does not exist (NXDOMAIN, RCODE 3).</summary>
    NameNotFound,

    /// <summary>Every server answered with SERVFAIL, REFUSED or another error code.</summary>
    ServerFailure,

    /// <summary>Every answer was malformed or did not match the question.</summary>
    Malformed,

    /// <summary>No server answered in time.</summary>
    Timeout,

    /// <summary>No DNS server is configured.</summary>
    NoServers,
}
