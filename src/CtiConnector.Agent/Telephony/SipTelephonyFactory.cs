using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CtiConnector.Agent.Hosting;
using CtiConnector.Core.Telephony;
using CtiConnector.Media.Srtp;
using CtiConnector.Sip.Dns;
using CtiConnector.Telephony;
using CtiConnector.Telephony.Presets;
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

        if (configuration["Sip:TlsCaFile"] is { Length: > 0 } caFile)
        {
            try
            {
                _ = CtiConnector.Sip.Transport.TlsCertificateCheck.LoadCaFile(caFile);
            }
            catch (InvalidDataException ex)
            {
                throw new AgentConfigurationException("Sip:TlsCaFile must be a PEM file of CA certificates: " + ex.Message);
            }

            options.TlsCaFile = caFile;
        }

        if (configuration["Audio:Device"] is { Length: > 0 } device)
        {
            options.AudioDevice = device;
        }

        var dnsServers = new List<IPEndPoint>();
        foreach (var server in configuration.GetSection("Sip:DnsServers").GetChildren())
        {
            if (string.IsNullOrWhiteSpace(server.Value))
            {
                continue;
            }

            dnsServers.Add(DnsClientOptions.TryParseServer(server.Value, out var endPoint)
                ? endPoint!
                : throw new AgentConfigurationException($"Sip:DnsServers:{server.Key} must be a DNS server's address such as 192.0.2.53 or 192.0.2.53:5353; it is '{server.Value}'."));
        }

        options.DnsServers = dnsServers;
        var accounts = new List<AccountOptions>();
        foreach (var section in configuration.GetSection("Sip:Accounts").GetChildren())
        {
            var key = $"Sip:Accounts:{section.Key}";
            var (account, preset) = WithPreset(section, key);
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

            IReadOnlyList<Media.Codecs.AudioCodec>? codecs = null;
            if (account["Codecs"] is { Length: > 0 } codecsText && !CodecNames.TryParse(codecsText, out codecs))
            {
                throw new AgentConfigurationException($"{key}:Codecs must list PCMA and/or PCMU, comma-separated, in the order to offer them; it is '{codecsText}'.");
            }

            var encryption = (account["MediaEncryption"] ?? "none").Trim().ToLowerInvariant() switch
            {
                "" or "none" => MediaEncryption.None,
                "sdes" => MediaEncryption.Sdes,
                "sdes-required" => MediaEncryption.SdesRequired,
                _ => throw new AgentConfigurationException($"{key}:MediaEncryption must be none, sdes or sdes-required; it is '{account["MediaEncryption"]}'."),
            };

            accounts.Add(new AccountOptions
            {
                Id = account["Id"] is { Length: > 0 } id ? id : section.Key,
                Aor = aor.Trim(),
                Username = account["Username"],
                Password = account["Password"],
                Registrar = account["Registrar"],
                Transport = transport,
                Expires = expires,
                DisplayName = account["DisplayName"],
                OutboundProxy = account["OutboundProxy"],
                Preset = preset?.Id,
                Codecs = codecs,
                MediaEncryption = encryption,
            });
        }

        options.Accounts = accounts;
        return options;
    }

    /// <summary>
    /// The account's keys, with those left unset filled from its <c>Preset</c> when it names one (see
    /// <see cref="ProviderPreset.Fill"/>); an unknown preset id is an error naming the known ones.
    /// </summary>
    private static (IConfiguration Account, ProviderPreset? Preset) WithPreset(IConfigurationSection section, string key)
    {
        if (section["Preset"] is not { Length: > 0 } id || string.IsNullOrWhiteSpace(id))
        {
            return (section, null);
        }

        var preset = ProviderPresets.Find(id)
            ?? throw new AgentConfigurationException($"{key}:Preset '{id}' is not a known preset; use one of {ProviderPresets.KnownIds} (cti presets lists them).");
        var typed = section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var fields = preset.Fill(typed);
        if (string.IsNullOrWhiteSpace(fields.GetValueOrDefault("Aor")))
        {
            throw new AgentConfigurationException(
                $"{key} uses the preset '{preset.Id}', which needs {string.Join(", ", preset.Inputs.Select(i => $"{i.Key} ({i.Description})"))}.");
        }

        return (new ConfigurationBuilder().AddInMemoryCollection(fields).Build(), preset);
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
