using System.Buffers.Binary;

namespace CtiConnector.Media.Rtp;

/// <summary>Why an RTP packet was refused (RFC 3550 §A.1 validity checks).</summary>
public enum RtpReadError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Shorter than the header it announces.</summary>
    TooShort,

    /// <summary>Version is not 2.</summary>
    BadVersion,

    /// <summary>The padding count is zero or larger than the payload.</summary>
    BadPadding,

    /// <summary>Payload type 72-76 (RTCP SR/RR/SDES/BYE/APP sent to the RTP port) are refused.</summary>
    RtcpPayloadType,
}

/// <summary>
/// Reads and writes RTP packets on spans, without allocating (RFC 3550 §5.1).
/// </summary>
public static class RtpPacket
{
    /// <summary>
    /// Reads the header of <paramref name="packet"/>. False with a reason when the packet is not valid RTP;
    /// nothing is thrown for bad network input.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out RtpReadError error)
    {
        header = default;
        if (packet.Length < RtpHeader.FixedSize)
        {
            error = RtpReadError.TooShort;
            return false;
        }

        var b0 = packet[0];
        if (b0 >> 6 != 2)
        {
            error = RtpReadError.BadVersion;
            return false;
        }

        var padding = (b0 & 0x20) != 0;
        var extension = (b0 & 0x10) != 0;
        var csrcCount = b0 & 0x0F;
        var payloadType = packet[1] & 0x7F;

        // RFC 5761 §4: payload types 72-76 collide with RTCP packet types 200-204.
        if (payloadType is >= 72 and <= 76)
        {
            error = RtpReadError.RtcpPayloadType;
            return false;
        }

        var offset = RtpHeader.FixedSize + (csrcCount * 4);
        ushort profile = 0;
        var extensionLength = 0;
        if (extension)
        {
            if (packet.Length < offset + 4)
            {
                error = RtpReadError.TooShort;
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4;
            offset += 4 + extensionLength;
        }

        if (packet.Length < offset)
        {
            error = RtpReadError.TooShort;
            return false;
        }

        var paddingLength = 0;
        if (padding)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                error = RtpReadError.BadPadding;
                return false;
            }
        }

        header = new RtpHeader
        {
            Padding = padding,
            Extension = extension,
            CsrcCount = csrcCount,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = payloadType,
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            ExtensionProfile = profile,
            ExtensionLength = extensionLength,
            PayloadOffset = offset,
            PayloadLength = packet.Length - offset - paddingLength,
            PaddingLength = paddingLength,
        };
        error = RtpReadError.None;
        return true;
    }

    /// <summary>The payload of a packet read with <see cref="TryRead"/>.</summary>
    public static ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet, in RtpHeader header) =>
        packet.Slice(header.PayloadOffset, header.PayloadLength);

    /// <summary>CSRC number <paramref name="index"/> of a packet read with <see cref="TryRead"/>.</summary>
    public static uint GetCsrc(ReadOnlySpan<byte> packet, in RtpHeader header, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, header.CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet[(RtpHeader.FixedSize + (index * 4))..]);
    }

    /// <summary>The header extension data (after its 4-byte header) of a packet read with <see cref="TryRead"/>.</summary>
    public static ReadOnlySpan<byte> GetExtension(ReadOnlySpan<byte> packet, in RtpHeader header) =>
        header.Extension ? packet.Slice(header.PayloadOffset - header.ExtensionLength, header.ExtensionLength) : default;

    /// <summary>Bytes needed to write a packet.</summary>
    public static int GetSize(int payloadLength, int csrcCount = 0, int extensionLength = 0, int paddingLength = 0) =>
        RtpHeader.FixedSize + (csrcCount * 4) + (extensionLength > 0 ? 4 + extensionLength : 0) + payloadLength + paddingLength;

    /// <summary>
    /// Writes a packet: the header fields of <paramref name="header"/> (its read-side lengths are ignored),
    /// optional CSRCs, optional extension data (a multiple of 4 bytes, with <see cref="RtpHeader.ExtensionProfile"/>),
    /// the payload and <paramref name="paddingLength"/> padding octets. Returns the number of bytes written.
    /// </summary>
    public static int Write(
        Span<byte> destination,
        in RtpHeader header,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<uint> csrcs = default,
        ReadOnlySpan<byte> extension = default,
        int paddingLength = 0)
    {
        if (csrcs.Length > 15)
        {
            throw new ArgumentException("At most 15 CSRCs.", nameof(csrcs));
        }

        if (extension.Length % 4 != 0 || extension.Length > 4 * ushort.MaxValue)
        {
            throw new ArgumentException("Extension data must be a multiple of 4 bytes.", nameof(extension));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, 255);
        var hasExtension = header.Extension || extension.Length > 0;
        var size = GetSize(payload.Length, csrcs.Length, extension.Length, paddingLength) + (hasExtension && extension.Length == 0 ? 4 : 0);
        if (destination.Length < size)
        {
            throw new ArgumentException($"Destination needs {size} bytes.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | (paddingLength > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.Length);
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | (header.PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc);
        var offset = RtpHeader.FixedSize;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (hasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], header.ExtensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extension.Length / 4));
            extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + extension.Length;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (paddingLength > 0)
        {
            destination.Slice(offset, paddingLength - 1).Clear();
            destination[offset + paddingLength - 1] = (byte)paddingLength;
            offset += paddingLength;
        }

        return offset;
    }
}
