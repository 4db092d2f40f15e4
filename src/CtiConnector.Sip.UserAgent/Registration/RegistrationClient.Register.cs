using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>The REGISTER request and what is read from its answers.</summary>
public sealed partial class RegistrationClient
{
    /// <summary>
    /// RFC 3261 §10.2: Request-URI is the registrar, To and From the AoR, one Call-ID for all refreshes, CSeq up by one
    /// each time, a fresh branch in a Via with <c>rport</c> (RFC 3581), and our Contact with its <c>expires</c>.
    /// <code>
    /// REGISTER sip:127.0.0.1:5080 SIP/2.0
    /// Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK...;rport
    /// From: &lt;sip:alice@127.0.0.1:5080&gt;;tag=...
    /// To: &lt;sip:alice@127.0.0.1:5080&gt;
    /// Contact: &lt;sip:alice@127.0.0.1:5070&gt;;expires=3600
    /// Expires: 3600
    /// </code>
    /// </summary>
    private SipRequest BuildRegister(SipEndPoint destination, int expires)
    {
        var requestUri = Options.Registrar!.Clone();
        requestUri.User = null;
        requestUri.Password = null;
        var request = new SipRequest(SipMethods.Register, requestUri);
        var local = LocalEndPoint(destination);
        var sentBy = Options.PublicEndPoint ?? local.EndPoint;
        var host = sentBy.Address.ToString();
        var port = sentBy.Port;

        var via = new ViaHeader(local.TransportName, host, port, SipIdentifiers.NewBranch());
        via.Parameters.Set("rport", null);
        request.Headers.Add(HeaderId.Via, via.ToString());
        request.Headers.Add(HeaderId.MaxForwards, "70");
        if (Options.OutboundProxy is { } proxy)
        {
            var route = proxy.Clone();
            route.Parameters.Set("lr", null);
            request.Headers.Add(HeaderId.Route, new NameAddress(route).ToString());
        }

        request.SetFrom(new NameAddress(Options.Aor.Clone(), Options.DisplayName) { Tag = _fromTag });
        request.SetTo(new NameAddress(Options.Aor.Clone(), Options.DisplayName));
        request.CallId = _callId;
        request.Headers.Add(HeaderId.CSeq, new CSeqHeader(++_cseq, SipMethods.Register).ToString());
        var contact = new NameAddress(ContactUri(local));
        contact.Parameters.Set("expires", expires.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(HeaderId.Contact, contact.ToString());
        if (_staleContact is { } stale && expires > 0)
        {
            // RFC 3261 §10.2.2: the binding made before the NAT's address was known goes, in the same request.
            var remove = new NameAddress(stale.Clone());
            remove.Parameters.Set("expires", "0");
            request.Headers.Add(HeaderId.Contact, remove.ToString());
        }

        request.Headers.Add(HeaderId.Expires, expires.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(HeaderId.UserAgent, Options.UserAgent);
        request.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
        if (_digest.HasChallenges)
        {
            _digest.Authorize(request);
        }

        return request;
    }

    private SipEndPoint LocalEndPoint(SipEndPoint destination)
    {
        var local = _transactions.Transport.GetLocalEndPoint(destination.Transport)
            ?? throw new InvalidOperationException($"The SIP transport does not listen on {destination.TransportName}; it cannot register over it.");
        if (!local.EndPoint.Address.Equals(IPAddress.Any) && !local.EndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            return local;
        }

        // Bound to every interface: 0.0.0.0 is no address to be reached at, so use the one the system would send from.
        _sourceAddress ??= SourceAddressFor(destination.EndPoint);
        return local with { EndPoint = new IPEndPoint(_sourceAddress, local.EndPoint.Port) };
    }

    /// <summary>The local address the routing table picks for <paramref name="remote"/> (a UDP connect sends nothing).</summary>
    private static IPAddress SourceAddressFor(IPEndPoint remote)
    {
        try
        {
            using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(remote);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }

    /// <summary>
    /// Our Contact: the address we listen on (or the public one learned from the registrar or given by STUN),
    /// <c>sips:</c> over TLS (RFC 5630 §3: reach us over TLS only) and with <c>transport=tcp</c> over TCP.
    /// </summary>
    private SipUri ContactUri(SipEndPoint local)
    {
        var address = _reflexiveContact ?? Options.PublicEndPoint ?? local.EndPoint;
        var secure = local.Transport == TransportKind.Tls;
        var uri = SipUri.Sip(Options.ContactUser ?? Options.Aor.User, address.Address.ToString(), address.Port, secure);
        if (local.Transport == TransportKind.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }

    /// <summary>
    /// RFC 3261 §10.2.4: the lifetime is the <c>expires</c> of our own Contact in the 200 (the registrar lists every
    /// binding of the AoR), else the Expires header, else what we asked for.
    /// </summary>
    private int GrantedExpires(SipResponse response)
    {
        var local = LocalEndPoint(_destination!.Value);
        var ours = ContactUri(local);
        foreach (var value in response.Headers.GetValues(HeaderId.Contact))
        {
            if (NameAddress.TryParse(value, out var contact)
                && string.Equals(contact.Uri.User, ours.User, StringComparison.Ordinal)
                && string.Equals(contact.Uri.Host, ours.Host, StringComparison.OrdinalIgnoreCase)
                && (contact.Uri.Port ?? 5060) == ours.Port
                && int.TryParse(contact.Parameters["expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var granted)
                && granted > 0)
            {
                return granted;
            }
        }

        return response.Expires is > 0 and var header ? header : _expires;
    }

    /// <summary>
    /// RFC 3581 §4: the registrar wrote in our Via the address and port it saw the REGISTER come from. Over UDP, when
    /// they differ from our Contact we sit behind a NAT: register again with a Contact made of them (and drop the old
    /// binding), as softphones do. Done once per client, so a registrar that keeps reporting something else cannot
    /// make us loop. Stream transports are left alone: their source port is the connection's, not one we listen on.
    /// </summary>
    private bool LearnReflexiveContact(SipResponse response)
    {
        if (_reflexiveContact is not null || _destination is not { Transport: TransportKind.Udp } destination || response.TopVia is not { } via)
        {
            return false;
        }

        var host = via.Received ?? via.Host;
        var port = via.RPort ?? via.Port ?? 5060;
        var ours = ContactUri(LocalEndPoint(destination));
        if (!IPAddress.TryParse(host, out var address) || port is <= 0 or > 65535
            || (IPAddress.TryParse(ours.Host, out var current) && current.Equals(address) && (ours.Port ?? 5060) == port))
        {
            return false;
        }

        _staleContact = ours;
        _reflexiveContact = new IPEndPoint(address, port);
        LogReflexive(Options.Aor, $"{ours.Host}:{ours.Port ?? 5060}", _reflexiveContact);
        return true;
    }

    private static int? MinExpires(SipResponse response) =>
        int.TryParse(response.Headers[HeaderId.MinExpires], NumberStyles.None, CultureInfo.InvariantCulture, out var minimum) ? minimum : null;

    /// <summary>RFC 3261 §20.33: <c>Retry-After: 120 (maintenance);duration=3600</c>; only the seconds are used.</summary>
    private static TimeSpan? RetryAfter(SipResponse response)
    {
        var text = response.Headers[HeaderId.RetryAfter];
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var end = 0;
        while (end < span.Length && char.IsAsciiDigit(span[end]))
        {
            end++;
        }

        return int.TryParse(span[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Registration of {Aor}: the registrar sees us at {Public}, not {Contact} (NAT); registering that address")]
    private partial void LogReflexive(SipUri aor, string contact, IPEndPoint @public);

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "REGISTER {Aor} (expires {Expires}) to {Registrar}")]
    private partial void LogSending(int expires, SipUri aor, string registrar);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Registration of {Aor}: {State} ({Reason})")]
    private partial void LogStatus(SipUri aor, RegistrationState state, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Registration of {Aor} failed: {Reason}; retrying in {Delay}")]
    private partial void LogFailed(SipUri aor, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Registration of {Aor}: {Failed} failed ({Reason}); trying the next target {Next} (RFC 3263 §4.3)")]
    private partial void LogFailover(SipUri aor, string failed, string reason, string next);
}
