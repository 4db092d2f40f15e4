namespace CtiConnector.Media.Rtp;

/// <summary>An RTCP packet of a type this layer does not interpret (APP, XR, feedback), kept raw.</summary>
public sealed class RtcpUnknownPacket : RtcpPacket
{
    private readonly byte _type;

    /// <summary>Creates an unknown packet from its whole bytes (header included).</summary>
    public RtcpUnknownPacket(byte type, byte[] raw)
    {
        _type = type;
        Raw = raw;
    }

    /// <summary>The whole packet, header included.</summary>
    public byte[] Raw { get; }

    /// <inheritdoc />
    public override byte PacketType => _type;

    internal override int Size => Raw.Length;

    internal override int Write(Span<byte> destination)
    {
        Raw.CopyTo(destination);
        return Raw.Length;
    }
}
