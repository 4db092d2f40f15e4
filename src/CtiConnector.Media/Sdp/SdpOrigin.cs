using System.Globalization;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): <c>o=- 3890123456 3890123457 IN IP4 192.0.2.10</c>.
/// The session version must grow by one with every new offer in a dialog (RFC 3264 §8).
/// </summary>
/// <param name="UserName">User name, <c>-</c> when there is none.</param>
/// <param name="SessionId">Numeric session id, kept as text (it may exceed 64 bits in the wild).</param>
/// <param name="SessionVersion">Session version.</param>
/// <param name="NetworkType"><c>IN</c>.</param>
/// <param name="AddressType"><c>IP4</c> or <c>IP6</c>.</param>
/// <param name="UnicastAddress">Address of the machine that created the session.</param>
public sealed record SdpOrigin(
    string UserName,
    string SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string UnicastAddress)
{
    /// <summary>The line body as written after <c>o=</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {UnicastAddress}");
}
