using System.Buffers.Binary;
using System.Net;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// Parses a DNS response (RFC 1035 §4.1) from a span: the header, the question section and the answer section, with
/// name compression (§4.1.4), and the SOA of the authority section for negative caching (RFC 2308). The additional
/// section is not read. Stateless; malformed input is
/// rejected with a <see cref="DnsParseError"/>, never an exception.
/// </summary>
public static class DnsMessageReader
{
    private const int HeaderLength = 12;
    private const int MaxNameLength = 255;
    private const int MaxPointers = 64;

    /// <summary>Reads a response; false with the reason when it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out DnsResponse? response, out DnsParseError error)
    {
        response = null;
        if (packet.Length < HeaderLength)
        {
            error = DnsParseError.Truncated;
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((flags & 0x8000) == 0)
        {
            error = DnsParseError.NotAResponse;
            return false;
        }

        int questionCount = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int answerCount = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        int authorityCount = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var offset = HeaderLength;
        var questionName = string.Empty;
        ushort questionType = 0;

        // RFC 1035 §4.1.2: QNAME, QTYPE, QCLASS per question.
        for (var i = 0; i < questionCount; i++)
        {
            if (!TryReadName(packet, ref offset, out var name, out error))
            {
                return false;
            }

            if (offset + 4 > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            if (i == 0)
            {
                questionName = name;
                questionType = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            }

            offset += 4;
        }

        // RFC 2181 §9: with TC set the rest may be cut anywhere; the caller asks again over TCP, so stop here.
        var truncated = (flags & 0x0200) != 0;
        if (truncated)
        {
            response = new DnsResponse
            {
                Id = id,
                Truncated = true,
                ResponseCode = (DnsResponseCode)(flags & 0x000F),
                QuestionCount = questionCount,
                QuestionName = questionName,
                QuestionType = questionType,
                Answers = [],
            };
            error = DnsParseError.None;
            return true;
        }

        // A count larger than what the packet holds is caught here as Truncated, record by record.
        var answers = new List<DnsRecord>(Math.Min(answerCount, 32));
        for (var i = 0; i < answerCount; i++)
        {
            if (!TryReadRecord(packet, ref offset, out var record, out error))
            {
                return false;
            }

            if (record is not null)
            {
                answers.Add(record);
            }
        }

        // RFC 2308 §3 and §5: the SOA in the authority section of a negative answer says how long it may be cached.
        TimeSpan? negativeTtl = null;
        for (var i = 0; i < authorityCount; i++)
        {
            if (!TryReadAuthority(packet, ref offset, out var soaTtl, out error))
            {
                return false;
            }

            if (soaTtl is { } ttl)
            {
                negativeTtl = negativeTtl is { } known && known < ttl ? known : ttl;
            }
        }

        response = new DnsResponse
        {
            Id = id,
            Truncated = false,
            ResponseCode = (DnsResponseCode)(flags & 0x000F),
            QuestionCount = questionCount,
            QuestionName = questionName,
            QuestionType = questionType,
            Answers = answers,
            NegativeTtl = negativeTtl,
        };
        error = DnsParseError.None;
        return true;
    }

    // RFC 1035 §4.1.3: NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA. Unknown types and non-IN classes give a null record.
    private static bool TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsRecord? record, out DnsParseError error)
    {
        record = null;
        if (!TryReadName(packet, ref offset, out var name, out error))
        {
            return false;
        }

        if (offset + 10 > packet.Length)
        {
            error = DnsParseError.Truncated;
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        var ttlSeconds = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        offset += 10;
        var dataStart = offset;
        if (dataStart + length > packet.Length)
        {
            error = DnsParseError.Truncated;
            return false;
        }

        offset = dataStart + length;
        // RFC 2181 §8: a TTL with the most significant bit set is treated as zero.
        var ttl = TimeSpan.FromSeconds(ttlSeconds > int.MaxValue ? 0 : ttlSeconds);
        if (@class != 1)
        {
            return true;
        }

        var data = packet.Slice(dataStart, length);
        switch ((DnsRecordType)type)
        {
            case DnsRecordType.A when length == 4:
            case DnsRecordType.Aaaa when length == 16:
                record = new DnsAddressRecord(name, ttl, new IPAddress(data));
                return true;
            case DnsRecordType.A:
            case DnsRecordType.Aaaa:
                error = DnsParseError.BadRecordData;
                return false;
            case DnsRecordType.Cname:
                {
                    var at = dataStart;
                    if (!TryReadName(packet, ref at, out var target, out error) || at != offset)
                    {
                        error = error == DnsParseError.None ? DnsParseError.BadRecordData : error;
                        return false;
                    }

                    record = new DnsCnameRecord(name, ttl, target);
                    return true;
                }

            case DnsRecordType.Srv:
                return TryReadSrv(packet, dataStart, offset, name, ttl, out record, out error);
            case DnsRecordType.Naptr:
                return TryReadNaptr(packet, dataStart, offset, name, ttl, out record, out error);
            default:
                return true;
        }
    }

    // RFC 1035 §3.3.13: SOA RDATA is MNAME, RNAME, then SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM (32 bits each).
    // RFC 2308 §5: a negative answer is cached for the smaller of the SOA's TTL and its MINIMUM.
    private static bool TryReadAuthority(ReadOnlySpan<byte> packet, ref int offset, out TimeSpan? negativeTtl, out DnsParseError error)
    {
        negativeTtl = null;
        if (!TryReadName(packet, ref offset, out _, out error))
        {
            return false;
        }

        if (offset + 10 > packet.Length)
        {
            error = DnsParseError.Truncated;
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var ttlSeconds = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        var start = offset + 10;
        var end = start + length;
        if (end > packet.Length)
        {
            error = DnsParseError.Truncated;
            return false;
        }

        offset = end;
        if (type != 6)
        {
            return true;
        }

        var at = start;
        if (!TryReadName(packet[..end], ref at, out _, out error) || !TryReadName(packet[..end], ref at, out _, out error) || at + 20 != end)
        {
            error = error == DnsParseError.None ? DnsParseError.BadRecordData : error;
            return false;
        }

        var minimum = BinaryPrimitives.ReadUInt32BigEndian(packet[(at + 16)..]);
        var seconds = Math.Min(ttlSeconds, minimum);
        negativeTtl = TimeSpan.FromSeconds(seconds > int.MaxValue ? 0 : seconds);
        return true;
    }

    // RFC 2782: PRIORITY, WEIGHT, PORT (16 bits each), TARGET (a name, uncompressed by the RFC, tolerated here).
    private static bool TryReadSrv(ReadOnlySpan<byte> packet, int start, int end, string name, TimeSpan ttl, out DnsRecord? record, out DnsParseError error)
    {
        record = null;
        if (end - start < 7)
        {
            error = DnsParseError.BadRecordData;
            return false;
        }

        var priority = BinaryPrimitives.ReadUInt16BigEndian(packet[start..]);
        var weight = BinaryPrimitives.ReadUInt16BigEndian(packet[(start + 2)..]);
        var port = BinaryPrimitives.ReadUInt16BigEndian(packet[(start + 4)..]);
        var at = start + 6;
        if (!TryReadName(packet[..end], ref at, out var target, out error) || at != end)
        {
            error = error == DnsParseError.None ? DnsParseError.BadRecordData : error;
            return false;
        }

        record = new DnsSrvRecord(name, ttl, priority, weight, port, target);
        return true;
    }

    // RFC 3403 §4.1: ORDER, PREFERENCE, FLAGS, SERVICES, REGEXP (character-strings), REPLACEMENT (a name).
    private static bool TryReadNaptr(ReadOnlySpan<byte> packet, int start, int end, string name, TimeSpan ttl, out DnsRecord? record, out DnsParseError error)
    {
        record = null;
        var data = packet[..end];
        if (end - start < 4 + 3 + 1)
        {
            error = DnsParseError.BadRecordData;
            return false;
        }

        var order = BinaryPrimitives.ReadUInt16BigEndian(packet[start..]);
        var preference = BinaryPrimitives.ReadUInt16BigEndian(packet[(start + 2)..]);
        var at = start + 4;
        if (!TryReadCharacterString(data, ref at, out var flags)
            || !TryReadCharacterString(data, ref at, out var services)
            || !TryReadCharacterString(data, ref at, out var regexp))
        {
            error = DnsParseError.BadRecordData;
            return false;
        }

        if (!TryReadName(data, ref at, out var replacement, out error) || at != end)
        {
            error = error == DnsParseError.None ? DnsParseError.BadRecordData : error;
            return false;
        }

        record = new DnsNaptrRecord(name, ttl, order, preference, flags, services, regexp, replacement);
        return true;
    }

    // RFC 1035 §3.3: <character-string> is a length octet followed by that many octets.
    private static bool TryReadCharacterString(ReadOnlySpan<byte> data, ref int offset, out string value)
    {
        value = string.Empty;
        if (offset >= data.Length || offset + 1 + data[offset] > data.Length)
        {
            return false;
        }

        int length = data[offset];
        value = System.Text.Encoding.ASCII.GetString(data.Slice(offset + 1, length));
        offset += 1 + length;
        return true;
    }

    /// <summary>
    /// Reads a domain name at <paramref name="offset"/> and moves past it (past the first pointer when compressed).
    /// RFC 1035 §4.1.4: a pointer is two octets with the top bits 11; this reader only follows pointers that go
    /// strictly backwards, which makes loops impossible, and caps the chain length anyway.
    /// </summary>
    internal static bool TryReadName(ReadOnlySpan<byte> packet, ref int offset, out string name, out DnsParseError error)
    {
        name = string.Empty;
        Span<char> buffer = stackalloc char[MaxNameLength + 1];
        var length = 0;
        var encoded = 0;
        var position = offset;
        var resume = -1;
        var pointers = 0;
        while (true)
        {
            if (position >= packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            int label = packet[position];
            if (label == 0)
            {
                position++;
                break;
            }

            switch (label & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= packet.Length)
                    {
                        error = DnsParseError.Truncated;
                        return false;
                    }

                    var target = ((label & 0x3F) << 8) | packet[position + 1];
                    if (target >= position || ++pointers > MaxPointers)
                    {
                        error = DnsParseError.PointerLoop;
                        return false;
                    }

                    if (resume < 0)
                    {
                        resume = position + 2;
                    }

                    position = target;
                    continue;
                case 0x00:
                    break;
                default:
                    // RFC 1035 §4.1.4 and RFC 6891 §5: 0x40 and 0x80 prefixes are not labels we understand.
                    error = DnsParseError.BadName;
                    return false;
            }

            encoded += 1 + label;
            if (encoded + 1 > MaxNameLength)
            {
                error = DnsParseError.BadName;
                return false;
            }

            if (position + 1 + label > packet.Length)
            {
                error = DnsParseError.Truncated;
                return false;
            }

            if (length > 0)
            {
                buffer[length++] = '.';
            }

            foreach (var b in packet.Slice(position + 1, label))
            {
                buffer[length++] = (char)b;
            }

            position += 1 + label;
        }

        offset = resume >= 0 ? resume : position;
        name = new string(buffer[..length]);
        error = DnsParseError.None;
        return true;
    }
}
