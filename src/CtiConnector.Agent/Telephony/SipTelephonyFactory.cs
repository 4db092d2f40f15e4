using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CtiConnector.Agent.Hosting;
using CtiConnector.Core.Telephony;
using CtiConnector.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Telephony;

/// <summary>
/// The product telephony: <see cref="SipTelephony"/> (our SIP user agent and media) configured from <c>Sip:Address</c>,
/// <c>Sip:Port</c>, <c>Sip:Accounts:N:*</c>, <c>Audio:Device</c> and <c>Rtp:PortMin</c>/<c>Rtp:PortMax</c>, read by
/// hand (no reflection binding) and checked with one sentence per bad key.
/// </summary>
public sealed class SipTelephonyFactory : ITelephonyFactory
{
    public Task<ITelephonyHost> CreateAsync(IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = ReadOptions(configuration);
        return Task.FromResult<ITelephonyHost>(new Host(new SipTelephony(options, loggerFactory, time), options));
    }

    /// <summary>Reads the telephony keys; throws <see cref="AgentConfigurationException"/> naming the first bad one.</summary>
    public static TelephonyOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TelephonyOptions();
        if (configuration["Sip:Address"] is { Length: > 0 } address)
        {
            options.Address = IPAddress.TryParse(address, out var ip)
                ? ip
                : throw new AgentConfigurationException($"Sip:Address must be an IP address of this machine such as 0.0.0.0 or 192.168.1.20; it is '{address}'.");
        }

        options.Port = Port(configuration, "Sip:Port", options.Port);
        if (configuration["Sip:KeepAliveSeconds"] is { Length: > 0 } keepAlive)
        {
            options.KeepAliveSeconds = int.TryParse(keepAlive, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 3600
                ? seconds
                : throw new AgentConfigurationException($"Sip:KeepAliveSeconds must be a number of seconds from 0 (no keep-alives) to 3600; it is '{keepAlive}'.");
        }

        if (configuration["Sip:StunServer"] is { Length: > 0 } stun)
        {
            options.StunServer = SipTelephony.TryParseStunServer(stun, out _, out _, out var stunError)
                ? stun.Trim()
                : throw new AgentConfigurationException(stunError!);
        }

        options.RtpPortMin = Port(configuration, "Rtp:PortMin", options.RtpPortMin);
        options.RtpPortMax = Port(configuration, "Rtp:PortMax", options.RtpPortMax);
        if (options.RtpPortMin > options.RtpPortMax)
        {
            throw new AgentConfigurationException($"Rtp:PortMin ({options.RtpPortMin}) must not be above Rtp:PortMax ({options.RtpPortMax}).");
        }

        if (configuration["Audio:Device"] is { Length: > 0 } device)
        {
            options.AudioDevice = device;
        }

        var accounts = new List<AccountOptions>();
        foreach (var account in configuration.GetSection("Sip:Accounts").GetChildren())
        {
            var key = $"Sip:Accounts:{account.Key}";
            var aor = account["Aor"];
            if (string.IsNullOrWhiteSpace(aor) || !(aor.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || aor.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)) || !aor.Contains('@', StringComparison.Ordinal))
            {
                throw new AgentConfigurationException($"{key}:Aor must be a SIP address such as sip:0123456789@freephonie.net; it is '{aor}'.");
            }

            var transport = (account["Transport"] ?? "udp").Trim().ToLowerInvariant();
            if (transport is not ("udp" or "tcp" or "tls"))
            {
                throw new AgentConfigurationException($"{key}:Transport must be udp, tcp or tls; it is '{account["Transport"]}'.");
            }

            var expires = 3600;
            if (account["Expires"] is { Length: > 0 } expiresText
                && (!int.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out expires) || expires < 30))
            {
                throw new AgentConfigurationException($"{key}:Expires must be a number of seconds of at least 30; it is '{expiresText}'.");
            }

            accounts.Add(new AccountOptions
            {
                Id = account["Id"] is { Length: > 0 } id ? id : account.Key,
                Aor = aor.Trim(),
                Username = account["Username"],
                Password = account["Password"],
                Registrar = account["Registrar"],
                Transport = transport,
                Expires = expires,
                DisplayName = account["DisplayName"],
                OutboundProxy = account["OutboundProxy"],
            });
        }

        options.Accounts = accounts;
        return options;
    }

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new AgentConfigurationException($"{key} must be a port number from 0 to 65535; it is '{text}'.");
    }

    private sealed class Host(SipTelephony telephony, TelephonyOptions options) : ITelephonyHost
    {
        public ITelephony Telephony => telephony;

        public string? SipAddress => telephony.SipAddress.ToString();

        public int? SipPort => telephony.SipPort;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await telephony.StartAsync(cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new AgentConfigurationException(
                    $"Sip:Port {options.Port} cannot be bound on {options.Address} ({ex.Message}); choose another port (0 picks a free one) or stop the program using it.", ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => telephony.StopAsync(cancellationToken);

        public ValueTask DisposeAsync() => telephony.DisposeAsync();
    }
}
