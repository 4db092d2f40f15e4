namespace CtiConnector.Media.Rtp;

/// <summary>
/// One packet of an RTCP compound packet (RFC 3550 §6). Concrete kinds: <see cref="RtcpSenderReport"/>,
/// <see cref="RtcpReceiverReport"/>, <see cref="RtcpSourceDescription"/>, <see cref="RtcpBye"/>, and
/// <see cref="RtcpUnknownPacket"/> for anything else (APP, XR, feedback), kept as raw bytes.
/// </summary>
public abstract class RtcpPacket
{
    /// <summary>Sender report.</summary>
    public const byte SenderReportType = 200;

    /// <summary>Receiver report.</summary>
    public const byte ReceiverReportType = 201;

    /// <summary>Source description.</summary>
    public const byte SourceDescriptionType = 202;

    /// <summary>Goodbye.</summary>
    public const byte ByeType = 203;

    /// <summary>The RTCP packet type (200-204, or another for unknown packets).</summary>
    public abstract byte PacketType { get; }

    /// <summary>Bytes this packet takes when written (a multiple of 4).</summary>
    internal abstract int Size { get; }

    /// <summary>Writes the packet, header included; returns the bytes written.</summary>
    internal abstract int Write(Span<byte> destination);
}
