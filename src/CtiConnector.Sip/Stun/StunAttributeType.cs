namespace CtiConnector.Sip.Stun;

/// <summary>The attributes this client writes or reads (RFC 5389 §18.2).</summary>
public static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;

    public const ushort Username = 0x0006;

    public const ushort MessageIntegrity = 0x0008;

    public const ushort ErrorCode = 0x0009;

    public const ushort UnknownAttributes = 0x000A;

    public const ushort XorMappedAddress = 0x0020;

    public const ushort Software = 0x8022;

    public const ushort Fingerprint = 0x8028;
}
