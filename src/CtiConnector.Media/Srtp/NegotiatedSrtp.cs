namespace CtiConnector.Media.Srtp;

/// <summary>
/// The SRTP of a negotiated stream: the suite, the key we send with (ours, from our <c>a=crypto</c>) and
/// the key we receive with (the peer's). Its text form names the suite only.
/// </summary>
public sealed class NegotiatedSrtp : IEquatable<NegotiatedSrtp>
{
    /// <summary>Creates the negotiated parameters.</summary>
    public NegotiatedSrtp(SrtpCryptoSuite suite, SrtpMasterKey sendKey, SrtpMasterKey receiveKey)
    {
        ArgumentNullException.ThrowIfNull(sendKey);
        ArgumentNullException.ThrowIfNull(receiveKey);
        Suite = suite;
        SendKey = sendKey;
        ReceiveKey = receiveKey;
    }

    /// <summary>The crypto suite both sides use.</summary>
    public SrtpCryptoSuite Suite { get; }

    /// <summary>Our master key: what we protect with.</summary>
    public SrtpMasterKey SendKey { get; }

    /// <summary>The peer's master key: what we unprotect with.</summary>
    public SrtpMasterKey ReceiveKey { get; }

    /// <inheritdoc />
    public bool Equals(NegotiatedSrtp? other) =>
        other is not null && other.Suite == Suite && other.SendKey.Equals(SendKey) && other.ReceiveKey.Equals(ReceiveKey);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NegotiatedSrtp);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Suite, SendKey, ReceiveKey);

    /// <inheritdoc />
    public override string ToString() => "SRTP " + Suite.Name();
}
