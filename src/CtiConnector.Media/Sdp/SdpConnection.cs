using System.Globalization;
using System.Net;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// A <c>c=</c> line (RFC 8866 §5.7): <c>c=IN IP4 192.0.2.10</c>. The address may be a host name
/// or a multicast address with a TTL suffix; <see cref="TryGetIPAddress"/> gives the numeric form.
/// </summary>
/// <param name="NetworkType">Always <c>IN</c> in practice.</param>
/// <param name="AddressType"><c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">Connection address as written (without any <c>/ttl</c>).</param>
/// <param name="Suffix">The <c>/ttl[/count]</c> suffix without its first slash, or null.</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address, string? Suffix = null)
{
    /// <summary>Builds an <c>IN IP4</c>/<c>IN IP6</c> connection for a numeric address.</summary>
    public static SdpConnection FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        return new SdpConnection("IN", type, address.ToString());
    }

    /// <summary>
    /// True for the RFC 2543 hold address <c>0.0.0.0</c> (RFC 3264 §8.4 still asks answerers to
    /// understand it: the sender does not want to receive media).
    /// </summary>
    public bool IsLegacyHold => Address == "0.0.0.0";

    /// <summary>Parses <see cref="Address"/> as a numeric IP address.</summary>
    public bool TryGetIPAddress(out IPAddress? address) => IPAddress.TryParse(Address, out address);

    /// <summary>The line body as written after <c>c=</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{NetworkType} {AddressType} {Address}{(Suffix is null ? string.Empty : "/" + Suffix)}");
}
