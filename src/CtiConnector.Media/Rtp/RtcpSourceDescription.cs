using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Media.Rtp;

/// <summary>Source description, type 202 (RFC 3550 §6.5): chunks of items (CNAME = 1, NAME = 2, ..., TOOL = 6).</summary>
public sealed class RtcpSourceDescription : RtcpPacket
{
    /// <summary>SDES item type CNAME.</summary>
    public const byte CName = 1;

    /// <summary>The chunks, one per source.</summary>
    public IReadOnlyList<RtcpSdesChunk> Chunks { get; init; } = [];

    /// <inheritdoc />
    public override byte PacketType => SourceDescriptionType;

    internal override int Size
    {
        get
        {
            var size = 4;
            foreach (var chunk in Chunks)
            {
                size += ChunkSize(chunk);
            }

            return size;
        }
    }

    internal override int Write(Span<byte> destination)
    {
        var size = Size;
        RtcpCompound.WriteHeader(destination, Chunks.Count, PacketType, size);
        var offset = 4;
        foreach (var chunk in Chunks)
        {
            var start = offset;
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], chunk.Ssrc);
            offset += 4;
            foreach (var (type, text) in chunk.Items)
            {
                var length = Encoding.UTF8.GetByteCount(text);
                destination[offset] = type;
                destination[offset + 1] = (byte)length;
                Encoding.UTF8.GetBytes(text, destination[(offset + 2)..]);
                offset += 2 + length;
            }

            // A null item ends the list; pad with nulls to a 32-bit boundary.
            var end = start + ChunkSize(chunk);
            destination[offset..end].Clear();
            offset = end;
        }

        return size;
    }

    internal static bool TryRead(ReadOnlySpan<byte> body, int count, out RtcpSourceDescription? packet)
    {
        packet = null;
        var chunks = new List<RtcpSdesChunk>(count);
        var offset = 0;
        for (var c = 0; c < count; c++)
        {
            if (body.Length < offset + 4)
            {
                return false;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += 4;
            var items = new List<(byte, string)>();
            while (true)
            {
                if (offset >= body.Length)
                {
                    return false;
                }

                var type = body[offset];
                if (type == 0)
                {
                    offset = (offset + 4) & ~3;
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    return false;
                }

                items.Add((type, Encoding.UTF8.GetString(body.Slice(offset + 2, body[offset + 1]))));
                offset += 2 + body[offset + 1];
            }

            chunks.Add(new RtcpSdesChunk(ssrc, items));
        }

        packet = new RtcpSourceDescription { Chunks = chunks };
        return true;
    }

    private static int ChunkSize(RtcpSdesChunk chunk)
    {
        var size = 4;
        foreach (var (_, text) in chunk.Items)
        {
            size += 2 + Math.Min(255, Encoding.UTF8.GetByteCount(text));
        }

        // At least one null octet, then pad to 4.
        return (size + 4) & ~3;
    }
}
