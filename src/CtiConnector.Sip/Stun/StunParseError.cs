namespace CtiConnector.Sip.Stun;

/// <summary>Why bytes are not a usable STUN message.</summary>
public enum StunParseError
{
    None,

    /// <summary>Shorter than the 20-byte header, or than its length says.</summary>
    Truncated,

    /// <summary>The first bits, the magic cookie or the length rule do not match (RFC 5389 §6).</summary>
    NotStun,

    /// <summary>An attribute runs past the end of the message.</summary>
    BadAttributeLength,

    /// <summary>A (XOR-)MAPPED-ADDRESS with an unknown family or a wrong length.</summary>
    BadAddress,

    /// <summary>The FINGERPRINT does not match the message (RFC 5389 §15.5).</summary>
    BadFingerprint,
}
