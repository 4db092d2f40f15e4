using System.Buffers.Binary;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// Writes a standard query (RFC 1035 §4.1): a 12-octet header with one question and RD set, then QNAME, QTYPE and
/// QCLASS IN. Example for <c>example.test</c> A, id 0x1234:
/// <c>12 34 01 00 00 01 00 00 00 00 00 00 07 'example' 04 'test' 00 00 01 00 01</c>.
/// </summary>
public static class DnsMessageWriter
{
    /// <summary>The largest query this writer produces: header, a 255-octet name, type and class.</summary>
    public const int MaxQueryLength = 12 + 255 + 4;

    /// <summary>Writes the query into <paramref name="destination"/>; false when the name is not a valid host name.</summary>
    public static bool TryWriteQuery(Span<byte> destination, ushort id, string name, DnsRecordType type, out int written)
    {
        written = 0;
        if (destination.Length < MaxQueryLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        destination[2] = 0x01; // RD: recursion desired (RFC 1035 §4.1.1); QR=0, OPCODE=0.
        destination[3] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1); // QDCOUNT
        destination[6..12].Clear(); // ANCOUNT, NSCOUNT, ARCOUNT

        if (!TryWriteName(destination[12..], name, out var nameLength))
        {
            return false;
        }

        var offset = 12 + nameLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 1); // QCLASS IN
        written = offset + 4;
        return true;
    }

    /// <summary>Encodes a name as length-prefixed labels (RFC 1035 §3.1); labels 1-63 octets, at most 255 in all.</summary>
    internal static bool TryWriteName(Span<byte> destination, string name, out int written)
    {
        written = 0;
        var text = name.EndsWith('.') ? name.AsSpan(0, name.Length - 1) : name.AsSpan();
        var offset = 0;
        while (text.Length > 0)
        {
            var dot = text.IndexOf('.');
            var label = dot < 0 ? text : text[..dot];
            if (label.Length is 0 or > 63 || offset + 1 + label.Length + 1 > 255 || offset + 1 + label.Length >= destination.Length)
            {
                return false;
            }

            destination[offset++] = (byte)label.Length;
            foreach (var c in label)
            {
                if (c is <= ' ' or > '~')
                {
                    return false;
                }

                destination[offset++] = (byte)c;
            }

            text = dot < 0 ? [] : text[(dot + 1)..];
        }

        destination[offset++] = 0; // The root label ends the name.
        written = offset;
        return true;
    }
}
