using System.Net.Sockets;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// Where REGISTER goes: the outbound proxy, else the registrar (RFC 3261 §10.2: the Request-URI names the registrar's
/// domain, which RFC 3263 resolves to the servers to try, see <see cref="Core.SipTargetResolver"/>).
/// </summary>
internal static class RegistrationTarget
{
    /// <summary>The URI to resolve, or why no registrar can be reached through it (a setting to fix, not retried).</summary>
    public static SipUri? NextHop(RegistrationOptions options, out string? failure)
    {
        failure = null;
        var hop = options.OutboundProxy ?? options.Registrar;
        if (hop is null)
        {
            return null;
        }

        if (!hop.IsSip)
        {
            failure = $"the registrar must be a sip: or sips: URI, not {hop}";
            return null;
        }

        if (!Core.SipTargetResolver.TryResolveNumeric(hop, PreferredTransport(options, hop), out _, out var error) && error is not null)
        {
            failure = error;
            return null;
        }

        return hop;
    }

    /// <summary>
    /// The transport to prefer when the URI names none: TLS when the AoR, the registrar or the next hop is a
    /// <c>sips:</c> URI (RFC 3261 §26.2), else the account's.
    /// </summary>
    public static TransportKind PreferredTransport(RegistrationOptions options, SipUri hop) =>
        hop.IsSecure || options.Aor.IsSecure || options.Registrar?.IsSecure == true ? TransportKind.Tls : options.Transport;

    /// <summary><c>127.0.0.1:5080</c>, as shown in reasons.</summary>
    public static string Describe(SipEndPoint destination) =>
        destination.EndPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{destination.EndPoint.Address}]:{destination.EndPoint.Port}"
            : $"{destination.EndPoint.Address}:{destination.EndPoint.Port}";
}
