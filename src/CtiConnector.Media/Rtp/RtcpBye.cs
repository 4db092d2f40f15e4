using System.Buffers.Binary;
using System.Text;

namespace CtiConnector.Media.Rtp;

/// <summary>Goodbye, type 203 (RFC 3550 §6.6): the listed sources leave, optionally with a reason.</summary>
public sealed class RtcpBye : RtcpPacket
{
    /// <summary>Sources leaving.</summary>
    public IReadOnlyList<uint> Sources { get; init; } = [];

    /// <summary>Reason for leaving, or null.</summary>
    public string? Reason { get; init; }

    /// <inheritdoc />
    public override byte PacketType => ByeType;

    internal override int Size => 4 + (Sources.Count * 4) + (Reason is null ? 0 : (1 + ReasonLength + 3) & ~3);

    private int ReasonLength => Reason is null ? 0 : Math.Min(255, Encoding.UTF8.GetByteCount(Reason));

    internal override int Write(Span<byte> destination)
    {
        var size = Size;
        RtcpCompound.WriteHeader(destination, Sources.Count, PacketType, size);
        var offset = 4;
        foreach (var source in Sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], source);
            offset += 4;
        }

        if (Reason is not null)
        {
            destination[offset..size].Clear();
            destination[offset] = (byte)ReasonLength;
            var bytes = Encoding.UTF8.GetBytes(Reason);
            bytes.AsSpan(0, ReasonLength).CopyTo(destination[(offset + 1)..]);
        }

        return size;
    }

    internal static bool TryRead(ReadOnlySpan<byte> body, int count, out RtcpBye? packet)
    {
        packet = null;
        if (body.Length < count * 4)
        {
            return false;
        }

        var sources = new uint[count];
        for (var i = 0; i < count; i++)
        {
            sources[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * 4)..]);
        }

        string? reason = null;
        var offset = count * 4;
        if (body.Length > offset)
        {
            var length = body[offset];
            if (offset + 1 + length > body.Length)
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(body.Slice(offset + 1, length));
        }

        packet = new RtcpBye { Sources = sources, Reason = reason };
        return true;
    }
}
