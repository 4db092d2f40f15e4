using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Sip.Stun;

/// <summary>Writes the one message this client sends: a Binding request (RFC 5389 §7.1), optionally with SOFTWARE and FINGERPRINT.</summary>
public static class StunMessageWriter
{
    /// <summary>The largest request this writer produces (SOFTWARE is capped at 128 bytes).</summary>
    public const int MaxRequestLength = StunMessage.HeaderLength + 4 + 128 + 8;

    /// <summary>
    /// Writes a Binding request into <paramref name="destination"/> (at least <see cref="MaxRequestLength"/> bytes) and
    /// returns its length. <paramref name="software"/> is cut to 128 bytes of UTF-8.
    /// </summary>
    public static int WriteBindingRequest(Span<byte> destination, ReadOnlySpan<byte> transactionId, string? software = null, bool fingerprint = true)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes (RFC 5389 §6).", nameof(transactionId));
        }

        if (destination.Length < MaxRequestLength)
        {
            throw new ArgumentException($"The buffer must hold {MaxRequestLength} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, StunMessage.BindingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        var offset = StunMessage.HeaderLength;
        if (!string.IsNullOrEmpty(software))
        {
            var value = destination[(offset + 4)..(offset + 4 + 128)];
            var length = Encoding.UTF8.GetBytes(software.AsSpan(0, Math.Min(software.Length, 128 / 3)), value);
            offset = WriteAttributeHeader(destination, offset, StunAttributeType.Software, length);
        }

        if (fingerprint)
        {
            // RFC 5389 §15.5: the header's length already counts the FINGERPRINT when the CRC is computed.
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset + 8 - StunMessage.HeaderLength));
            var crc = StunMessage.Fingerprint(destination[..offset]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 4);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], crc);
            offset += 8;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset - StunMessage.HeaderLength));
        return offset;
    }

    /// <summary>Writes type and length before a value already in place, pads it to 4 bytes with zeros, returns the next offset.</summary>
    private static int WriteAttributeHeader(Span<byte> destination, int offset, ushort type, int valueLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)valueLength);
        var padded = (valueLength + 3) & ~3;
        destination[(offset + 4 + valueLength)..(offset + 4 + padded)].Clear();
        return offset + 4 + padded;
    }
}
