using System.Diagnostics.CodeAnalysis;
using System.Net;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// Where REGISTER goes: the outbound proxy, else the registrar, as a numeric address and port.
/// RFC 3263 (DNS NAPTR/SRV/A) is not implemented yet, so a host name other than <c>localhost</c> is refused.
/// </summary>
internal static class RegistrationTarget
{
    public static bool TryResolve(
        SipUri uri,
        TransportKind transport,
        [NotNullWhen(true)] out SipEndPoint? destination,
        [NotNullWhen(false)] out string? failure)
    {
        destination = null;
        failure = null;
        if (!uri.IsSip)
        {
            failure = $"the registrar must be a sip: or sips: URI, not {uri}";
            return false;
        }

        IPAddress? address;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(uri.Host, out address))
        {
            failure = $"host names need DNS (not yet supported): {uri.Host}";
            return false;
        }

        // RFC 3263 §4.2 without DNS: the URI's port, else the transport's default port.
        var port = uri.Port ?? (transport == TransportKind.Tls ? 5061 : 5060);
        destination = new SipEndPoint(transport, new IPEndPoint(address, port));
        return true;
    }

    /// <summary><c>127.0.0.1:5080</c>, as shown in reasons.</summary>
    public static string Describe(SipEndPoint destination) =>
        destination.EndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{destination.EndPoint.Address}]:{destination.EndPoint.Port}"
            : $"{destination.EndPoint.Address}:{destination.EndPoint.Port}";
}
