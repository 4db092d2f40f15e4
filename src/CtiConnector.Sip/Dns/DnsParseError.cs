namespace CtiConnector.Sip.Dns;

/// <summary>Why <see cref="DnsMessageReader"/> rejected a packet.</summary>
public enum DnsParseError
{
    None,

    /// <summary>The packet ends before the header, a counted section or a record's data does.</summary>
    Truncated,

    /// <summary>The QR bit is clear: a query, not a response (RFC 1035 §4.1.1).</summary>
    NotAResponse,

    /// <summary>A compression pointer does not point strictly backwards, or the chain is too long (RFC 1035 §4.1.4).</summary>
    PointerLoop,

    /// <summary>A label uses the reserved 0x40/0x80 prefixes, or a name is longer than 255 octets (RFC 1035 §2.3.4).</summary>
    BadName,

    /// <summary>A record's data does not match its type (for example an A record whose RDLENGTH is not 4).</summary>
    BadRecordData,
}
