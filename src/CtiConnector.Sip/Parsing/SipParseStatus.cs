namespace CtiConnector.Sip.Parsing;

/// <summary>The outcome of one parse attempt.</summary>
public enum SipParseStatus
{
    /// <summary>A whole message was parsed.</summary>
    Complete,

    /// <summary>The stream does not hold a whole message yet; nothing was consumed.</summary>
    NeedMore,

    /// <summary>The bytes are not a SIP message; see <see cref="SipParseError"/>.</summary>
    Invalid,
}

/// <summary>Why bytes were rejected by the parser.</summary>
public enum SipParseError
{
    None,
    Empty,
    BadStartLine,
    BadVersion,
    BadStatusCode,
    BadHeaderLine,
    BadContentLength,
    NoHeaderTerminator,
    TooLarge,
}
