using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace CtiConnector.Media.Rtp;

/// <summary>
/// Reads and writes RTCP compound packets (RFC 3550 §6.1): packets back to back, each with the header
/// <c>V=2 | P | count(5) | type(8) | length(16, in 32-bit words minus one)</c>.
/// </summary>
public static class RtcpCompound
{
    /// <summary>
    /// Reads every packet of a compound packet. False with a reason on any validity failure
    /// (RFC 3550 §A.2: version, lengths adding up, padding only on the last packet).
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> data,
        [NotNullWhen(true)] out IReadOnlyList<RtcpPacket>? packets,
        [NotNullWhen(false)] out string? error)
    {
        packets = null;
        var list = new List<RtcpPacket>(3);
        var offset = 0;
        if (data.Length < 4)
        {
            error = "shorter than an RTCP header";
            return false;
        }

        while (offset < data.Length)
        {
            if (data.Length - offset < 4)
            {
                error = $"trailing {data.Length - offset} bytes";
                return false;
            }

            var b0 = data[offset];
            if (b0 >> 6 != 2)
            {
                error = "version is not 2";
                return false;
            }

            var count = b0 & 0x1F;
            var type = data[offset + 1];
            var length = (BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) + 1) * 4;
            if (offset + length > data.Length)
            {
                error = $"packet type {type} claims {length} bytes, {data.Length - offset} left";
                return false;
            }

            var packet = data.Slice(offset, length);
            var body = packet[4..];
            if ((b0 & 0x20) != 0)
            {
                // RFC 3550 §6.4.1: only the last packet of a compound may be padded.
                var pad = packet[^1];
                if (offset + length != data.Length || pad == 0 || pad > body.Length)
                {
                    error = "bad padding";
                    return false;
                }

                body = body[..^pad];
            }

            RtcpPacket? parsed;
            switch (type)
            {
                case RtcpPacket.SenderReportType:
                    parsed = ReadSenderReport(body, count);
                    break;
                case RtcpPacket.ReceiverReportType:
                    parsed = ReadReceiverReport(body, count);
                    break;
                case RtcpPacket.SourceDescriptionType:
                    RtcpSourceDescription.TryRead(body, count, out var sdes);
                    parsed = sdes;
                    break;
                case RtcpPacket.ByeType:
                    RtcpBye.TryRead(body, count, out var bye);
                    parsed = bye;
                    break;
                default:
                    parsed = new RtcpUnknownPacket(type, packet.ToArray());
                    break;
            }

            if (parsed is null)
            {
                error = $"malformed packet of type {type}";
                return false;
            }

            list.Add(parsed);
            offset += length;
        }

        packets = list;
        error = null;
        return true;
    }

    /// <summary>Bytes needed to write these packets.</summary>
    public static int GetSize(IEnumerable<RtcpPacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        return packets.Sum(p => p.Size);
    }

    /// <summary>Writes the packets back to back; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, IEnumerable<RtcpPacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var offset = 0;
        foreach (var packet in packets)
        {
            if (destination.Length - offset < packet.Size)
            {
                throw new ArgumentException("Destination too small.", nameof(destination));
            }

            offset += packet.Write(destination[offset..]);
        }

        return offset;
    }

    internal static void WriteHeader(Span<byte> destination, int count, byte type, int size)
    {
        if (count > 31)
        {
            throw new ArgumentException("At most 31 items per RTCP packet.", nameof(count));
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((size / 4) - 1));
    }

    private static RtcpSenderReport? ReadSenderReport(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < 24 + (count * RtcpReportBlock.Size))
        {
            return null;
        }

        return new RtcpSenderReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            Reports = ReadBlocks(body[24..], count),
        };
    }

    private static RtcpReceiverReport? ReadReceiverReport(ReadOnlySpan<byte> body, int count)
    {
        if (body.Length < 4 + (count * RtcpReportBlock.Size))
        {
            return null;
        }

        return new RtcpReceiverReport
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body),
            Reports = ReadBlocks(body[4..], count),
        };
    }

    private static RtcpReportBlock[] ReadBlocks(ReadOnlySpan<byte> data, int count)
    {
        var blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = RtcpReportBlock.Read(data[(i * RtcpReportBlock.Size)..]);
        }

        return blocks;
    }
}
