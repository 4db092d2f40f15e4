using System.Net;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// Finds where to send a request for a SIP or SIPS URI (RFC 3263 §4): transport, address and port of each target,
/// in the order to try them.
/// <list type="bullet">
/// <item>A numeric host is used as it is: its port, or 5060 (5061 for TLS and <c>sips:</c>) (§4.2).</item>
/// <item>A host name with a port: A/AAAA only (§4.2).</item>
/// <item>A <c>transport</c> parameter without a port: SRV for that transport, then A/AAAA (§4.2).</item>
/// <item>Otherwise NAPTR (SIP+D2U, SIP+D2T, SIPS+D2T) → SRV → A/AAAA (§4.1), SRV queries per transport when there is
/// no usable NAPTR, and A/AAAA with the defaults when there is no SRV either.</item>
/// </list>
/// SRV records are ordered per RFC 2782 (<see cref="SrvOrdering"/>). A records come before AAAA records.
/// </summary>
public sealed class SipServerLocator
{
    private const int DefaultPort = 5060;
    private const int DefaultTlsPort = 5061;
    private static readonly DnsRecordType[] s_addressTypes = [DnsRecordType.A, DnsRecordType.Aaaa];
    private readonly IDnsResolver _resolver;
    private readonly Random _random;

    /// <param name="random">The source of the weighted SRV order; a seeded one makes it reproducible in tests.</param>
    public SipServerLocator(IDnsResolver resolver, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _random = random ?? Random.Shared;
    }

    /// <summary>Resolves <paramref name="uri"/> to its ordered targets.</summary>
    /// <param name="preferredTransport">
    /// The account's transport when the URI names none: tried first among the NAPTR/SRV choices, and used for the
    /// A/AAAA fallback. Ignored for <c>sips:</c>, which is always TLS (§4.1).
    /// </param>
    public async Task<SipLocation> LocateAsync(SipUri uri, TransportKind? preferredTransport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsSip)
        {
            return new SipLocation([], $"'{uri.Scheme}:' URIs are not located through DNS");
        }

        var secure = uri.IsSecure;
        // RFC 3263 §4.1: maddr, when present, is the host to resolve.
        var host = (uri.Parameters["maddr"] ?? uri.Host).Trim('[', ']');
        TransportKind? explicitTransport = secure ? TransportKind.Tls : ParseTransport(uri.Transport);
        if (uri.Transport is { } named && explicitTransport is null)
        {
            return new SipLocation([], $"transport '{named}' is not supported");
        }

        var fallbackTransport = explicitTransport ?? (preferredTransport is { } p && !secure ? p : TransportKind.Udp);

        // §4.2: a numeric host needs no lookup.
        if (IPAddress.TryParse(host, out var address))
        {
            return new SipLocation([new SipEndPoint(fallbackTransport, new IPEndPoint(address, uri.Port ?? DefaultPortOf(fallbackTransport)))]);
        }

        var failures = new Failures();
        // §4.2: an explicit port means A/AAAA only.
        if (uri.Port is { } port)
        {
            var targets = await AddressTargetsAsync(host, fallbackTransport, port, failures, cancellationToken).ConfigureAwait(false);
            return failures.Complete(targets, host);
        }

        // §4.1 (first paragraph): a transport parameter skips NAPTR but not SRV. For sips: with no NAPTR records, SRV
        // _sips._tcp is exactly the same query, so it goes the NAPTR way below.
        if (explicitTransport is { } fixedTransport && !secure)
        {
            var viaSrv = await SrvTargetsAsync(ServicePrefix(fixedTransport) + host, fixedTransport, failures, cancellationToken).ConfigureAwait(false);
            if (viaSrv.Count > 0)
            {
                return new SipLocation(viaSrv);
            }

            var direct = await AddressTargetsAsync(host, fixedTransport, DefaultPortOf(fixedTransport), failures, cancellationToken).ConfigureAwait(false);
            return failures.Complete(direct, host);
        }

        var viaNaptr = await NaptrTargetsAsync(host, secure, secure ? null : preferredTransport, failures, cancellationToken).ConfigureAwait(false);
        if (viaNaptr.Count > 0)
        {
            return new SipLocation(viaNaptr);
        }

        if (failures.Unreachable)
        {
            // No server answered at all: asking more questions of it would only multiply the wait.
            return failures.Complete([], host);
        }

        // §4.1: no (usable) NAPTR: SRV per transport we support, preferred one first.
        var srvTargets = new List<SipEndPoint>();
        foreach (var transport in TransportOrder(secure, secure ? null : preferredTransport))
        {
            AddDistinct(srvTargets, await SrvTargetsAsync(ServicePrefix(transport) + host, transport, failures, cancellationToken).ConfigureAwait(false));
        }

        if (srvTargets.Count > 0)
        {
            return new SipLocation(srvTargets);
        }

        // §4.2: no SRV either: the host's addresses with the transport's default port.
        var fallbackTargets = await AddressTargetsAsync(host, fallbackTransport, DefaultPortOf(fallbackTransport), failures, cancellationToken).ConfigureAwait(false);
        return failures.Complete(fallbackTargets, host);
    }

    private async Task<List<SipEndPoint>> NaptrTargetsAsync(string host, bool secure, TransportKind? preferred, Failures failures, CancellationToken cancellationToken)
    {
        var targets = new List<SipEndPoint>();
        var naptr = await _resolver.QueryAsync(host, DnsRecordType.Naptr, cancellationToken).ConfigureAwait(false);
        failures.Note(naptr);
        if (!naptr.Succeeded)
        {
            return targets;
        }

        // RFC 3403 §4.1 and RFC 3263 §4.1: lowest order, then lowest preference; only "S" records whose service we
        // speak; for sips: only SIPS+D2T. Within one order and preference, the caller's transport first.
        var usable = naptr.Records.OfType<DnsNaptrRecord>()
            .Select(r => (Record: r, Transport: ServiceTransport(r.Services)))
            .Where(c => c.Transport is not null && string.Equals(c.Record.Flags, "s", StringComparison.OrdinalIgnoreCase)
                && c.Record.Replacement.Length > 0 && (!secure || c.Transport == TransportKind.Tls))
            .OrderBy(c => c.Record.Order)
            .ThenBy(c => c.Record.Preference)
            .ThenBy(c => c.Transport == preferred ? 0 : 1)
            .ToList();
        foreach (var (record, transport) in usable)
        {
            AddDistinct(targets, await SrvTargetsAsync(record.Replacement, transport!.Value, failures, cancellationToken).ConfigureAwait(false));
        }

        return targets;
    }

    private async Task<List<SipEndPoint>> SrvTargetsAsync(string serviceName, TransportKind transport, Failures failures, CancellationToken cancellationToken)
    {
        var targets = new List<SipEndPoint>();
        var srv = await _resolver.QueryAsync(serviceName, DnsRecordType.Srv, cancellationToken).ConfigureAwait(false);
        failures.Note(srv);
        if (!srv.Succeeded)
        {
            return targets;
        }

        foreach (var record in SrvOrdering.Order(srv.Records.OfType<DnsSrvRecord>(), _random))
        {
            AddDistinct(targets, await AddressTargetsAsync(record.Target, transport, record.Port, failures, cancellationToken).ConfigureAwait(false));
        }

        return targets;
    }

    private async Task<List<SipEndPoint>> AddressTargetsAsync(string host, TransportKind transport, int port, Failures failures, CancellationToken cancellationToken)
    {
        var targets = new List<SipEndPoint>();
        foreach (var type in s_addressTypes)
        {
            var result = await _resolver.QueryAsync(host, type, cancellationToken).ConfigureAwait(false);
            failures.Note(result);
            foreach (var record in result.Records.OfType<DnsAddressRecord>())
            {
                AddDistinct(targets, [new SipEndPoint(transport, new IPEndPoint(record.Address, port))]);
            }
        }

        return targets;
    }

    private static void AddDistinct(List<SipEndPoint> targets, IEnumerable<SipEndPoint> more)
    {
        foreach (var target in more)
        {
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }
    }

    private static IEnumerable<TransportKind> TransportOrder(bool secure, TransportKind? preferred)
    {
        if (secure)
        {
            return [TransportKind.Tls];
        }

        TransportKind[] all = [TransportKind.Udp, TransportKind.Tcp, TransportKind.Tls];
        return preferred is { } p ? all.OrderBy(t => t == p ? 0 : 1) : all;
    }

    private static TransportKind? ParseTransport(string? transport) => transport switch
    {
        null => null,
        "udp" => TransportKind.Udp,
        "tcp" => TransportKind.Tcp,
        "tls" => TransportKind.Tls,
        _ => null,
    };

    // RFC 3263 §4.1 services; RFC 3261 §26.2 for the "_sips._tcp" SRV prefix of TLS.
    private static TransportKind? ServiceTransport(string services) => services.ToUpperInvariant() switch
    {
        "SIP+D2U" => TransportKind.Udp,
        "SIP+D2T" => TransportKind.Tcp,
        "SIPS+D2T" => TransportKind.Tls,
        _ => null,
    };

    private static string ServicePrefix(TransportKind transport) => transport switch
    {
        TransportKind.Tcp => "_sip._tcp.",
        TransportKind.Tls => "_sips._tcp.",
        _ => "_sip._udp.",
    };

    private static int DefaultPortOf(TransportKind transport) => transport == TransportKind.Tls ? DefaultTlsPort : DefaultPort;

    /// <summary>Keeps the last real failure (not a mere "no such record") to explain an empty result.</summary>
    private sealed class Failures
    {
        private DnsResult? _worst;
        private DnsResult? _negative;

        /// <summary>True when the resolver could not be asked (no server, or none answered).</summary>
        public bool Unreachable => _worst?.Status is DnsQueryStatus.Timeout or DnsQueryStatus.NoServers;

        public void Note(DnsResult result)
        {
            if (result.Succeeded)
            {
                return;
            }

            if (result.IsNegative)
            {
                _negative = result;
            }
            else
            {
                _worst = result;
            }
        }

        /// <summary>
        /// The targets, or why there are none: "no DNS record for HOST" when every server said the records do not
        /// exist, else the failure that stopped the lookup (a server that did not answer, a malformed answer...).
        /// </summary>
        public SipLocation Complete(List<SipEndPoint> targets, string host) =>
            targets.Count > 0
                ? new SipLocation(targets)
                : new SipLocation([], _worst is { } worst
                    ? $"DNS lookup of {host} failed: {worst.Detail ?? worst.Status.ToString()}"
                    : $"no DNS record for {host}");
    }
}
