using System.Collections.Concurrent;
using System.Net;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.UserAgent.Core;

/// <summary>
/// Turns the URI of a request's next hop into the ordered targets to try (RFC 3263 §4): a numeric host (or
/// <c>localhost</c>) at once, with its port or the transport's default; a host name through
/// <see cref="SipServerLocator"/> (NAPTR → SRV → A/AAAA, cached by TTL). Targets over a transport the local
/// <see cref="ISipTransport"/> does not listen on are left out.
/// </summary>
/// <example>
/// <code>
/// var resolver = new SipTargetResolver(new DnsClient(new DnsClientOptions { Servers = [IPEndPoint.Parse("127.0.0.1:5353")] }));
/// var location = await resolver.ResolveAsync(SipUri.Parse("sip:example.test"), TransportKind.Udp, transport, ct);
/// // location.Targets: 127.0.0.1:5080 (UDP), 127.0.0.1:5081 (UDP), in SRV priority order
/// </code>
/// </example>
public sealed class SipTargetResolver
{
    private const int MaxRemembered = 256;
    private static readonly Lazy<SipTargetResolver> s_system = new(() => new SipTargetResolver(new DnsClient(new DnsClientOptions())));
    private readonly SipServerLocator _locator;
    private readonly ConcurrentDictionary<string, SipEndPoint> _recent = new(StringComparer.OrdinalIgnoreCase);

    public SipTargetResolver(IDnsResolver dns, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(dns);
        _locator = new SipServerLocator(dns, random);
    }

    /// <summary>A resolver over the system's DNS servers (<c>/etc/resolv.conf</c>), made on first use.</summary>
    public static SipTargetResolver System => s_system.Value;

    /// <summary>
    /// The targets for <paramref name="uri"/>, in the order to try them, or the reason there are none. Completes at
    /// once (no DNS) for numeric hosts and <c>localhost</c>.
    /// </summary>
    /// <param name="preferredTransport">The account's transport, used when the URI names none (see <see cref="SipServerLocator"/>).</param>
    /// <param name="transport">When given, targets over a transport it does not listen on are dropped.</param>
    public ValueTask<SipLocation> ResolveAsync(SipUri uri, TransportKind? preferredTransport, ISipTransport? transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (TryResolveNumeric(uri, preferredTransport, out var destination, out var error))
        {
            return ValueTask.FromResult(Usable(new SipLocation([destination]), uri, transport));
        }

        if (error is not null)
        {
            return ValueTask.FromResult(new SipLocation([], error));
        }

        return LocateAsync(uri, preferredTransport, transport, cancellationToken);
    }

    /// <summary>
    /// A target without waiting, for in-dialog requests (RFC 3261 §12.2.1.1: the dialog's remote target or route set):
    /// a numeric host as it is, a host name from the last lookup of it made by <see cref="ResolveAsync"/>. A host name
    /// not looked up yet is refused, and a lookup starts in the background so that the next request finds it.
    /// </summary>
    public bool TryResolveNow(SipUri uri, out SipEndPoint destination, out string? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (TryResolveNumeric(uri, null, out destination, out error))
        {
            return true;
        }

        if (error is null && _recent.TryGetValue(Key(uri), out destination))
        {
            return true;
        }

        if (error is null)
        {
            error = $"{uri.Host} has not been looked up in DNS yet";
            _ = WarmUpAsync(uri);
        }

        return false;
    }

    /// <summary>
    /// RFC 3263 §4.1 and §4.2 for a numeric host (or <c>localhost</c>): transport from the <c>transport</c> parameter,
    /// the scheme, else <paramref name="preferredTransport"/> (UDP when null); port from the URI or the transport's
    /// default. False with a null <paramref name="error"/> for a host name (DNS needed); with an error for a URI
    /// that cannot be routed at all.
    /// </summary>
    public static bool TryResolveNumeric(SipUri uri, TransportKind? preferredTransport, out SipEndPoint destination, out string? error)
    {
        ArgumentNullException.ThrowIfNull(uri);
        destination = default;
        if (!uri.IsSip)
        {
            error = $"'{uri.Scheme}:' URIs cannot be called directly: a sip: or sips: URI is needed";
            return false;
        }

        TransportKind transport;
        switch (uri.Transport)
        {
            // RFC 3261 §26.2.2: sips: is TLS whatever its transport parameter says; never a downgrade.
            case var _ when uri.IsSecure:
                transport = TransportKind.Tls;
                break;
            case null:
                transport = preferredTransport ?? TransportKind.Udp;
                break;
            case "udp":
                transport = TransportKind.Udp;
                break;
            case "tcp":
                transport = TransportKind.Tcp;
                break;
            case "tls":
                transport = TransportKind.Tls;
                break;
            default:
                error = $"transport '{uri.Transport}' is not supported";
                return false;
        }

        var host = (uri.Parameters["maddr"] ?? uri.Host).Trim('[', ']');
        IPAddress? address;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            error = null;
            return false;
        }

        var port = uri.Port ?? (transport == TransportKind.Tls ? 5061 : 5060);
        destination = new SipEndPoint(transport, new IPEndPoint(address, port));
        error = null;
        return true;
    }

    private async ValueTask<SipLocation> LocateAsync(SipUri uri, TransportKind? preferredTransport, ISipTransport? transport, CancellationToken cancellationToken)
    {
        var location = Usable(await _locator.LocateAsync(uri, preferredTransport, cancellationToken).ConfigureAwait(false), uri, transport);
        if (location.Found)
        {
            if (_recent.Count >= MaxRemembered)
            {
                _recent.Clear();
            }

            _recent[Key(uri)] = location.Targets[0];
        }

        return location;
    }

    private async Task WarmUpAsync(SipUri uri)
    {
        try
        {
            await LocateAsync(uri, null, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a warm-up: the request that needs the name reports its own failure.
            _ = ex;
        }
    }

    private static SipLocation Usable(SipLocation location, SipUri uri, ISipTransport? transport)
    {
        if (transport is null || !location.Found)
        {
            return location;
        }

        var usable = location.Targets.Where(t => transport.GetLocalEndPoint(t.Transport) is not null).ToList();
        if (usable.Count == location.Targets.Count)
        {
            return location;
        }

        if (usable.Count > 0)
        {
            return new SipLocation(usable);
        }

        var offered = string.Join(", ", location.Targets.Select(t => t.TransportName).Distinct());
        return new SipLocation([], $"{uri.Host} is reached over {offered}, which this agent does not listen on");
    }

    private static string Key(SipUri uri) =>
        $"{uri.Scheme}:{uri.Parameters["maddr"] ?? uri.Host}:{uri.Port}:{uri.Transport}";
}
