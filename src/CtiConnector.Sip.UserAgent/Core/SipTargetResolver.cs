using System.Net;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Core;

/// <summary>
/// Turns a URI into where to send (RFC 3263 §4, numeric part only): transport from the <c>transport</c>
/// parameter or the scheme, port from the URI or the transport's default. Host names other than
/// <c>localhost</c> need DNS, which arrives with its own resolver; until then they are refused clearly.
/// </summary>
public static class SipTargetResolver
{
    public static bool TryResolve(SipUri uri, out SipEndPoint destination, out string? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        destination = default;
        // RFC 3261 §26.2.2: sips: is TLS whatever its transport parameter says; never a downgrade.
        var transport = uri.Transport switch
        {
            _ when uri.IsSecure => TransportKind.Tls,
            "tcp" => TransportKind.Tcp,
            "tls" => TransportKind.Tls,
            _ => TransportKind.Udp,
        };

        IPAddress? address;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(uri.Parameters["maddr"] ?? uri.Host, out address))
        {
            error = $"the host name '{uri.Host}' needs DNS, which is not supported yet: use a numeric address";
            return false;
        }

        var port = uri.Port ?? (transport == TransportKind.Tls ? 5061 : 5060);
        destination = new SipEndPoint(transport, new IPEndPoint(address, port));
        error = null;
        return true;
    }
}
