using System.Net;

namespace CtiConnector.Sip.Stun;

/// <summary>What a STUN message says, as far as a Binding client cares (RFC 5389 §15).</summary>
public sealed class StunMessageInfo
{
    /// <summary>Method and class, e.g. <see cref="StunMessage.BindingSuccessResponse"/>.</summary>
    public required ushort MessageType { get; init; }

    /// <summary>The 96-bit transaction id.</summary>
    public required byte[] TransactionId { get; init; }

    /// <summary>XOR-MAPPED-ADDRESS, decoded (RFC 5389 §15.2).</summary>
    public IPEndPoint? XorMappedAddress { get; init; }

    /// <summary>MAPPED-ADDRESS (RFC 5389 §15.1), sent by RFC 3489 servers.</summary>
    public IPEndPoint? MappedAddress { get; init; }

    /// <summary>ERROR-CODE as a number (class × 100 + number) with its reason phrase.</summary>
    public int? ErrorCode { get; init; }

    public string? ErrorReason { get; init; }

    public string? Software { get; init; }

    /// <summary>True when the message carries a FINGERPRINT (it was checked: a wrong one fails the parse).</summary>
    public bool HasFingerprint { get; init; }

    /// <summary>The address the server saw: XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS.</summary>
    public IPEndPoint? ReflexiveAddress => XorMappedAddress ?? MappedAddress;
}
