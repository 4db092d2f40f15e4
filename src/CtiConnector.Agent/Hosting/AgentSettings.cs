using System.Globalization;
using CtiConnector.Api;
using CtiConnector.Core.Numbers;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Hosting;

/// <summary>The agent's own configuration keys, read and checked once at start.</summary>
public sealed record AgentSettings(
    string DataDirectory,
    int ApiPort,
    IReadOnlyList<string> AllowedOrigins,
    string DefaultCountry,
    string StorageProvider,
    string? StorageConnectionString)
{
    /// <summary>Reads the keys; throws <see cref="AgentConfigurationException"/> with one sentence naming the bad key.</summary>
    public static AgentSettings Load(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var port = ApiOptions.DefaultPort;
        var portText = configuration["Api:Port"];
        if (!string.IsNullOrWhiteSpace(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new AgentConfigurationException($"Api:Port must be a port number from 0 to 65535 (0 picks a free one); it is '{portText}'.");
        }

        var origins = new List<string>();
        foreach (var child in configuration.GetSection("Api:AllowedOrigins").GetChildren())
        {
            var value = child.Value?.Trim() ?? string.Empty;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || value.EndsWith('/'))
            {
                throw new AgentConfigurationException(
                    $"Api:AllowedOrigins:{child.Key} must be a web origin such as https://crm.example.com (scheme, host, optional port); it is '{value}'.");
            }

            origins.Add(value);
        }

        var country = configuration["Phone:DefaultCountry"];
        country = string.IsNullOrWhiteSpace(country) ? "FR" : country.Trim().ToUpperInvariant();
        try
        {
            _ = PhoneNumberNormalizer.ForCountry(country);
        }
        catch (ArgumentException ex)
        {
            throw new AgentConfigurationException($"Phone:DefaultCountry must be an ISO country code such as FR; it is '{country}'.", ex);
        }

        var provider = configuration["Storage:Provider"];
        return new AgentSettings(
            dataDirectory,
            port,
            origins,
            country,
            string.IsNullOrWhiteSpace(provider) ? "sqlite" : provider.Trim(),
            configuration["Storage:ConnectionString"]);
    }
}
