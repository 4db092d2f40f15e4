namespace CtiConnector.Media.Sdp;

/// <summary>Why a session description was refused.</summary>
public enum SdpErrorKind
{
    /// <summary>The body is empty.</summary>
    Empty,

    /// <summary>A line is not <c>&lt;type&gt;=&lt;value&gt;</c> with a single lower-case letter type.</summary>
    MalformedLine,

    /// <summary>The first line is not <c>v=0</c> (RFC 8866 §5.1).</summary>
    UnsupportedVersion,

    /// <summary>A type letter this parser does not know (RFC 8866 §5: such a description is ignored).</summary>
    UnknownLineType,

    /// <summary>A mandatory line (<c>o=</c>, <c>s=</c>) is missing.</summary>
    MissingLine,

    /// <summary>A line appears more often than allowed (e.g. two <c>o=</c>).</summary>
    DuplicateLine,

    /// <summary>The <c>o=</c> line is malformed.</summary>
    InvalidOrigin,

    /// <summary>A <c>c=</c> line is malformed.</summary>
    InvalidConnection,

    /// <summary>An <c>m=</c> line is malformed (port, protocol or formats).</summary>
    InvalidMedia,

    /// <summary>The body is not valid UTF-8 or is too large.</summary>
    InvalidEncoding,
}

/// <summary>
/// A typed reason for refusing a session description, with the 1-based line where it was found
/// (0 when it concerns the whole body).
/// </summary>
/// <param name="Kind">Category of the problem.</param>
/// <param name="Line">1-based line number, or 0.</param>
/// <param name="Detail">Human-readable explanation.</param>
public sealed record SdpParseError(SdpErrorKind Kind, int Line, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Kind} at line {Line}: {Detail}" : $"{Kind}: {Detail}";
}
