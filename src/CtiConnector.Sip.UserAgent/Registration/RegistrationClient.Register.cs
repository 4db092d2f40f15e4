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
        var host = local.EndPoint.Address.ToString();
        var port = local.EndPoint.Port;

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
    /// Our Contact: the address we listen on, <c>sips:</c> over TLS (RFC 5630 §3: reach us over TLS only) and with
    /// <c>transport=tcp</c> over TCP.
    /// </summary>
    private SipUri ContactUri(SipEndPoint local)
    {
        var secure = local.Transport == TransportKind.Tls;
        var uri = SipUri.Sip(Options.ContactUser ?? Options.Aor.User, local.EndPoint.Address.ToString(), local.EndPoint.Port, secure);
        if (local.Transport == TransportKind.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }

        return uri;
    }

    /// <summary>RFC 3261 §26.2: a <c>sips:</c> AoR, registrar or outbound proxy is reached over TLS whatever the setting says.</summary>
    private TransportKind SecureTransport(SipUri target) =>
        target.IsSecure || Options.Aor.IsSecure || Options.Registrar?.IsSecure == true ? TransportKind.Tls : Options.Transport;

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

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "REGISTER {Aor} (expires {Expires}) to {Registrar}")]
    private partial void LogSending(int expires, SipUri aor, string registrar);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Registration of {Aor}: {State} ({Reason})")]
    private partial void LogStatus(SipUri aor, RegistrationState state, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Registration of {Aor} failed: {Reason}; retrying in {Delay}")]
    private partial void LogFailed(SipUri aor, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Registration of {Aor}: {Failed} failed ({Reason}); trying the next target {Next} (RFC 3263 §4.3)")]
    private partial void LogFailover(SipUri aor, string failed, string reason, string next);
}
