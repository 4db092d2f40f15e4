using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Plugins.Webhook;

/// <summary>
/// The <c>Plugins:Webhook</c> section (PRODUCT.md, "Shipped CRM adapters"): <c>LookupUrl</c>, <c>Headers:NAME</c>,
/// <c>Map:Id|Name|Company|Url</c>, <c>JournalUrl</c>, <c>JournalMethod</c>, <c>JournalBody</c>, <c>TimeoutMs</c>; and
/// <c>JournalTimeoutMs</c> (default 10000) for the journal request.
/// </summary>
internal sealed class WebhookOptions
{
    /// <summary>Placeholders of <c>LookupUrl</c>.</summary>
    public static readonly string[] LookupNames = ["e164", "national", "number"];

    /// <summary>Placeholders of <c>JournalUrl</c> and <c>JournalBody</c>.</summary>
    public static readonly string[] JournalNames =
    [
        "historyId", "callId", "direction", "number", "e164", "displayName", "contactId", "contactName",
        "startedAt", "answeredAt", "endedAt", "durationSeconds", "disposition", "notes", "accountId",
    ];

    public Template? LookupUrl { get; private init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private init; } = [];

    public JsonPath? MapId { get; private init; }

    public JsonPath MapName { get; private init; } = JsonPath.Parse("$.name");

    public JsonPath? MapCompany { get; private init; }

    public JsonPath? MapUrl { get; private init; }

    public Template? JournalUrl { get; private init; }

    public HttpMethod JournalMethod { get; private init; } = HttpMethod.Post;

    public Template? JournalBody { get; private init; }

    public TimeSpan Timeout { get; private init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan JournalTimeout { get; private init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads and checks the section; throws <see cref="FormatException"/> saying which key is wrong.</summary>
    public static WebhookOptions Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var lookupUrl = Text(section, "LookupUrl");
        var journalUrl = Text(section, "JournalUrl");
        if (lookupUrl is null && journalUrl is null)
        {
            throw new FormatException("set LookupUrl and/or JournalUrl");
        }

        var method = (Text(section, "JournalMethod") ?? "POST").ToUpperInvariant() switch
        {
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            var other => throw new FormatException($"JournalMethod '{other}' must be POST or PUT"),
        };

        var headers = section.GetSection("Headers").GetChildren()
            .Where(h => h.Value is not null)
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value!))
            .ToList();

        return new WebhookOptions
        {
            LookupUrl = lookupUrl is null ? null : CheckUrl(Template.Parse(lookupUrl, "LookupUrl", LookupNames), "LookupUrl"),
            Headers = headers,
            MapId = Path(section, "Map:Id"),
            MapName = Path(section, "Map:Name") ?? JsonPath.Parse("$.name"),
            MapCompany = Path(section, "Map:Company"),
            MapUrl = Path(section, "Map:Url"),
            JournalUrl = journalUrl is null ? null : CheckUrl(Template.Parse(journalUrl, "JournalUrl", JournalNames), "JournalUrl"),
            JournalMethod = method,
            JournalBody = Text(section, "JournalBody") is { } body ? Template.Parse(body, "JournalBody", JournalNames) : null,
            Timeout = Milliseconds(section, "TimeoutMs") ?? TimeSpan.FromMilliseconds(300),
            JournalTimeout = Milliseconds(section, "JournalTimeoutMs") ?? TimeSpan.FromSeconds(10),
        };
    }

    private static Template CheckUrl(Template template, string key)
    {
        var sample = template.ExpandUrlLenient(_ => "0");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{key} '{template.Text}' is not an absolute http or https URL");
        }

        return template;
    }

    private static string? Text(IConfiguration section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static JsonPath? Path(IConfiguration section, string key)
    {
        if (Text(section, key) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonPath.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{key}: {ex.Message}", ex);
        }
    }

    private static TimeSpan? Milliseconds(IConfiguration section, string key)
    {
        if (Text(section, key) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new FormatException($"{key} '{text}' must be a positive number of milliseconds");
    }
}
