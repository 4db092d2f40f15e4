using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CtiConnector.Sip.Stun;
using CtiConnector.Sip.UserAgent.Registration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony;

/// <summary>
/// Behind a NAT: the STUN server (<c>Sip:StunServer</c>) is asked from the SIP socket at start and from each call's RTP
/// socket before its SDP is written; an account's Contact follows what its registrar or STUN reported. A STUN failure
/// is one clear log line and everything goes on with the local addresses; for a minute afterwards the server is not
/// asked again, so calls do not each wait for a server that does not answer.
/// </summary>
public sealed partial class SipTelephony
{
    /// <summary>RFC 5389 §9: the default port of STUN over UDP.</summary>
    public const int DefaultStunPort = 3478;

    private IPEndPoint? _stunServer;
    private StunServerBackoff? _stunBackoff;
    private IPEndPoint? _publicSip;

    /// <summary>The public address and port the STUN server saw the SIP socket at, once learned.</summary>
    public IPEndPoint? PublicSipEndPoint => _publicSip;

    /// <summary>
    /// Parses <c>Sip:StunServer</c>: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c>. False with a reason when malformed.
    /// </summary>
    public static bool TryParseStunServer(string text, out string host, out int port, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        host = value;
        port = DefaultStunPort;
        error = null;
        string? portText = null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? value[1..close] : string.Empty;
            if (close > 0 && close + 1 < value.Length)
            {
                portText = value[(close + 1)..].StartsWith(':') ? value[(close + 2)..] : value[(close + 1)..];
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            host = value[..colon];
            portText = value[(colon + 1)..];
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"Sip:StunServer must be host:port with a port from 1 to 65535, such as stun.example.org:3478; the port is '{portText}'.";
            return false;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"Sip:StunServer must be host:port, such as stun.example.org:3478 or 192.0.2.1; it is '{text}'.";
            return false;
        }

        return true;
    }

    /// <summary>Learns the SIP socket's public address (when STUN is configured), then starts the registrations.</summary>
    private async Task StartRegistrationsAsync(IReadOnlyList<AccountState> accounts)
    {
        if (_options.StunServer is { Length: > 0 } configured && _transport is { } transport)
        {
            _stunBackoff = new StunServerBackoff(StunServerBackoff.DefaultHoldOff, _time);
            _stunServer = await ResolveStunServerAsync(configured).ConfigureAwait(false);
            if (_stunServer is { } server)
            {
                var result = await transport.Stun.QueryAsync(server, CancellationToken.None).ConfigureAwait(false);
                if (result.ReflexiveAddress is { } address)
                {
                    _publicSip = address;
                }

                ReportStun("SIP", result, server);
            }
        }

        foreach (var account in accounts)
        {
            StartRegistration(account);
        }
    }

    private async Task<IPEndPoint?> ResolveStunServerAsync(string configured)
    {
        if (!TryParseStunServer(configured, out var host, out var port, out var error))
        {
            LogStunUnusable(error!);
            return null;
        }

        if (IPAddress.TryParse(host, out var numeric))
        {
            return new IPEndPoint(numeric, port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, _options.Address.AddressFamily).ConfigureAwait(false);
            if (addresses.Length > 0)
            {
                return new IPEndPoint(addresses[0], port);
            }

            LogStunUnusable($"the STUN server name '{host}' has no address");
        }
        catch (SocketException ex)
        {
            LogStunUnusable($"the STUN server name '{host}' cannot be resolved: {ex.Message}");
        }

        return null;
    }

    /// <summary>Asks the STUN server about a call's RTP socket before its SDP is written; on failure the call keeps the local address.</summary>
    private async Task LearnPublicMediaAddressAsync(ICallMedia media, CancellationToken cancellationToken)
    {
        if (_stunServer is not { } server || _stunBackoff is not { } backoff)
        {
            return;
        }

        if (backoff.IsHoldingOff(out _))
        {
            return; // it failed moments ago (logged then): no call waits for it again until the hold-off is over
        }

        var result = await media.LearnPublicAddressAsync(server, cancellationToken).ConfigureAwait(false);
        ReportStun("RTP", result, server);
    }

    /// <summary>Records a STUN outcome in the back-off and logs what changed: one warning when it fails, one line when it is back.</summary>
    private void ReportStun(string socket, StunResult result, IPEndPoint server)
    {
        var change = _stunBackoff?.Record(result) ?? StunServerChange.None;
        if (result.ReflexiveAddress is { } address)
        {
            LogStunLearned(socket, address, server);
        }
        else if (change == StunServerChange.WentDown)
        {
            LogStunFailed(socket, result.Failure!, (int)StunServerBackoff.DefaultHoldOff.TotalSeconds);
        }
        else
        {
            LogStunStillFailing(socket, result.Failure!);
        }
    }

    /// <summary>The Contact address of a dialog of <paramref name="account"/>: what its registration learned, else STUN's, else the socket's (null).</summary>
    private IPEndPoint? ContactEndPointFor(AccountState? account) =>
        (account?.Registration as RegistrationClient)?.PublicContact ?? _publicSip;

    private TimeSpan? KeepAliveInterval => _options.KeepAliveSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    [LoggerMessage(EventId = 332, Level = LogLevel.Error, Message = "The accounts could not be registered after the STUN query")]
    private partial void LogRegistrationsFailed(Exception exception);

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "STUN: the {Socket} socket is seen at {Public} by {Server}")]
    private partial void LogStunLearned(string socket, IPEndPoint @public, IPEndPoint server);

    [LoggerMessage(EventId = 331, Level = LogLevel.Warning, Message = "STUN for the {Socket} socket failed ({Reason}); using the local address, and not asking again for {Seconds} s")]
    private partial void LogStunFailed(string socket, string reason, int seconds);

    [LoggerMessage(EventId = 333, Level = LogLevel.Debug, Message = "STUN for the {Socket} socket failed again ({Reason}); using the local address")]
    private partial void LogStunStillFailing(string socket, string reason);

    [LoggerMessage(EventId = 334, Level = LogLevel.Warning, Message = "STUN: {Reason}; using the local address")]
    private partial void LogStunUnusable(string reason);
}
