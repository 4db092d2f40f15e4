using System.Buffers.Binary;

namespace CtiConnector.Media.Rtp;

/// <summary>Sender report, type 200 (RFC 3550 §6.4.1).</summary>
public sealed class RtcpSenderReport : RtcpPacket
{
    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; init; }

    /// <summary>64-bit NTP timestamp of the report (seconds since 1900 in the high 32 bits).</summary>
    public ulong NtpTimestamp { get; init; }

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; init; }

    /// <summary>Packets sent since the start.</summary>
    public uint PacketCount { get; init; }

    /// <summary>Payload octets sent since the start.</summary>
    public uint OctetCount { get; init; }

    /// <summary>Reception reports (at most 31).</summary>
    public IReadOnlyList<RtcpReportBlock> Reports { get; init; } = [];

    /// <inheritdoc />
    public override byte PacketType => SenderReportType;

    internal override int Size => 28 + (Reports.Count * RtcpReportBlock.Size);

    internal override int Write(Span<byte> destination)
    {
        RtcpCompound.WriteHeader(destination, Reports.Count, PacketType, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        for (var i = 0; i < Reports.Count; i++)
        {
            Reports[i].Write(destination[(28 + (i * RtcpReportBlock.Size))..]);
        }

        return Size;
    }
}
