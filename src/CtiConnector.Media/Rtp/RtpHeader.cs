namespace CtiConnector.Media.Rtp;

/// <summary>
/// The fixed RTP header fields (RFC 3550 §5.1) plus where the payload sits in the packet it was read from.
/// <code>
///  0                   1                   2                   3
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers             | (CC × 32 bits)
/// </code>
/// </summary>
public readonly record struct RtpHeader
{
    /// <summary>Size of the fixed header without CSRCs or extension.</summary>
    public const int FixedSize = 12;

    /// <summary>Padding bit: the last payload octet counts padding octets.</summary>
    public bool Padding { get; init; }

    /// <summary>Extension bit: a header extension follows the CSRC list.</summary>
    public bool Extension { get; init; }

    /// <summary>Number of CSRC identifiers (0-15).</summary>
    public int CsrcCount { get; init; }

    /// <summary>Marker bit (start of a talkspurt for audio, RFC 3551 §4.1; start of an RFC 4733 event).</summary>
    public bool Marker { get; init; }

    /// <summary>Payload type (0-127).</summary>
    public int PayloadType { get; init; }

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>Timestamp in clock-rate units.</summary>
    public uint Timestamp { get; init; }

    /// <summary>Synchronization source.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Profile-defined 16 bits of the header extension (when <see cref="Extension"/> is set).</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Length in bytes of the extension data after its 4-byte header (read side).</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Offset of the payload in the packet (read side).</summary>
    public int PayloadOffset { get; init; }

    /// <summary>Payload length, padding excluded (read side).</summary>
    public int PayloadLength { get; init; }

    /// <summary>Number of padding octets at the end (read side).</summary>
    public int PaddingLength { get; init; }
}
