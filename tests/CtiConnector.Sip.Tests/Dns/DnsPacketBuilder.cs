using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>Builds DNS packets byte by byte for codec tests, including deliberately broken ones.</summary>
internal sealed class DnsPacketBuilder
{
    private readonly List<byte> _bytes = [];

    public int Position => _bytes.Count;

    /// <summary>A response header: QR set, RD and RA set, the given RCODE and counts.</summary>
    public static DnsPacketBuilder Response(ushort id, int questions, int answers, int rcode = 0, bool truncated = false, int authorities = 0) =>
        new DnsPacketBuilder().U16(id).U16((ushort)(0x8180 | (truncated ? 0x0200 : 0) | rcode)).U16((ushort)questions).U16((ushort)answers).U16((ushort)authorities).U16(0);

    /// <summary>An SOA record (RFC 1035 §3.3.13) owned by the name at <paramref name="zoneOffset"/>, for negative answers.</summary>
    public DnsPacketBuilder Soa(int zoneOffset, uint ttl, uint minimum) =>
        Pointer(zoneOffset).RecordHeader(6, ttl, 2 + 2 + 20).Pointer(zoneOffset).Pointer(zoneOffset).U32(1).U32(3600).U32(600).U32(86400).U32(minimum);

    public DnsPacketBuilder U8(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public DnsPacketBuilder U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public DnsPacketBuilder U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public DnsPacketBuilder Bytes(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>Labels, then the root label.</summary>
    public DnsPacketBuilder Name(string name) => Labels(name).U8(0);

    /// <summary>Labels without the terminating root label (to be followed by a pointer).</summary>
    public DnsPacketBuilder Labels(string name)
    {
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            U8((byte)label.Length);
            _bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        return this;
    }

    /// <summary>A compression pointer to <paramref name="offset"/> (RFC 1035 §4.1.4).</summary>
    public DnsPacketBuilder Pointer(int offset) => U16((ushort)(0xC000 | offset));

    /// <summary>QTYPE and QCLASS IN after a name.</summary>
    public DnsPacketBuilder Question(ushort type) => U16(type).U16(1);

    /// <summary>TYPE, CLASS IN, TTL and RDLENGTH after a name; the RDATA follows.</summary>
    public DnsPacketBuilder RecordHeader(ushort type, uint ttl, int dataLength) => U16(type).U16(1).U32(ttl).U16((ushort)dataLength);

    public DnsPacketBuilder CharacterString(string text)
    {
        U8((byte)text.Length);
        _bytes.AddRange(Encoding.ASCII.GetBytes(text));
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
