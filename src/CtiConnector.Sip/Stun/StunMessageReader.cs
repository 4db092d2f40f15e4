using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace CtiConnector.Sip.Stun;

/// <summary>
/// Reads a STUN message (RFC 5389 §6, §15): header, then the attributes a Binding client uses; others are skipped.
/// A FINGERPRINT, when present, must match. MESSAGE-INTEGRITY is not checked (this client sends no credentials).
/// </summary>
public static class StunMessageReader
{
    public static bool TryRead(ReadOnlySpan<byte> message, [NotNullWhen(true)] out StunMessageInfo? info, out StunParseError error)
    {
        info = null;
        if (message.Length < StunMessage.HeaderLength)
        {
            error = StunParseError.Truncated;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((message[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(message[4..]) != StunMessage.MagicCookie || length % 4 != 0)
        {
            error = StunParseError.NotStun;
            return false;
        }

        if (message.Length < StunMessage.HeaderLength + length)
        {
            error = StunParseError.Truncated;
            return false;
        }

        message = message[..(StunMessage.HeaderLength + length)];
        var type = BinaryPrimitives.ReadUInt16BigEndian(message);
        var transactionId = message[8..StunMessage.HeaderLength];
        IPEndPoint? xorMapped = null;
        IPEndPoint? mapped = null;
        int? errorCode = null;
        string? errorReason = null;
        string? software = null;
        var fingerprint = false;
        var offset = StunMessage.HeaderLength;
        while (offset < message.Length)
        {
            if (message.Length - offset < 4)
            {
                error = StunParseError.BadAttributeLength;
                return false;
            }

            var attribute = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var padded = (valueLength + 3) & ~3;
            if (message.Length - offset - 4 < padded)
            {
                error = StunParseError.BadAttributeLength;
                return false;
            }

            var value = message.Slice(offset + 4, valueLength);
            switch (attribute)
            {
                case StunAttributeType.XorMappedAddress when xorMapped is null:
                    if (!TryReadAddress(value, transactionId, xor: true, out xorMapped))
                    {
                        error = StunParseError.BadAddress;
                        return false;
                    }

                    break;
                case StunAttributeType.MappedAddress when mapped is null:
                    if (!TryReadAddress(value, transactionId, xor: false, out mapped))
                    {
                        error = StunParseError.BadAddress;
                        return false;
                    }

                    break;
                case StunAttributeType.ErrorCode when value.Length >= 4:
                    // RFC 5389 §15.6: class in the low 3 bits of byte 2, number (0-99) in byte 3, then a UTF-8 reason.
                    errorCode = ((value[2] & 0x07) * 100) + value[3];
                    errorReason = Encoding.UTF8.GetString(value[4..]);
                    break;
                case StunAttributeType.Software:
                    software = Encoding.UTF8.GetString(value);
                    break;
                case StunAttributeType.Fingerprint:
                    // RFC 5389 §15.5: the last attribute; CRC over everything before it.
                    if (valueLength != 4 || offset + 8 != message.Length
                        || BinaryPrimitives.ReadUInt32BigEndian(value) != StunMessage.Fingerprint(message[..offset]))
                    {
                        error = StunParseError.BadFingerprint;
                        return false;
                    }

                    fingerprint = true;
                    break;
            }

            offset += 4 + padded;
        }

        info = new StunMessageInfo
        {
            MessageType = type,
            TransactionId = transactionId.ToArray(),
            XorMappedAddress = xorMapped,
            MappedAddress = mapped,
            ErrorCode = errorCode,
            ErrorReason = errorReason,
            Software = software,
            HasFingerprint = fingerprint,
        };
        error = StunParseError.None;
        return true;
    }

    /// <summary>
    /// RFC 5389 §15.1/§15.2: reserved byte, family (1 = IPv4, 2 = IPv6), port, address. XOR-MAPPED-ADDRESS XORs the port
    /// with the cookie's top 16 bits and the address with the cookie (IPv4) or cookie + transaction id (IPv6).
    /// </summary>
    private static bool TryReadAddress(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, bool xor, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        var family = value[1];
        var addressLength = family switch
        {
            1 => 4,
            2 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (ushort)(StunMessage.MagicCookie >> 16);
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
            transactionId.CopyTo(mask[4..]);
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= mask[i];
            }
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }
}
