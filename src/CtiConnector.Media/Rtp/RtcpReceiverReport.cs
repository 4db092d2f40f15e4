using System.Buffers.Binary;

namespace CtiConnector.Media.Rtp;

/// <summary>Receiver report, type 201 (RFC 3550 §6.4.2): sent by a participant that has not sent RTP lately.</summary>
public sealed class RtcpReceiverReport : RtcpPacket
{
    /// <summary>SSRC of the reporter.</summary>
    public uint Ssrc { get; init; }

    /// <summary>Reception reports (at most 31).</summary>
    public IReadOnlyList<RtcpReportBlock> Reports { get; init; } = [];

    /// <inheritdoc />
    public override byte PacketType => ReceiverReportType;

    internal override int Size => 8 + (Reports.Count * RtcpReportBlock.Size);

    internal override int Write(Span<byte> destination)
    {
        RtcpCompound.WriteHeader(destination, Reports.Count, PacketType, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        for (var i = 0; i < Reports.Count; i++)
        {
            Reports[i].Write(destination[(8 + (i * RtcpReportBlock.Size))..]);
        }

        return Size;
    }
}
