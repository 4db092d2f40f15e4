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

        if (!Core.SipTargetResolver.TryResolveNumeric(hop, options.Transport, out _, out var error) && error is not null)
        {
            failure = error;
            return null;
        }

        return hop;
    }

    /// <summary><c>127.0.0.1:5080</c>, as shown in reasons.</summary>
    public static string Describe(SipEndPoint destination) =>
        destination.EndPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{destination.EndPoint.Address}]:{destination.EndPoint.Port}"
            : $"{destination.EndPoint.Address}:{destination.EndPoint.Port}";
}
