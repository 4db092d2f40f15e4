using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// The settings the agent reads, to tell the user about a key it does not know (a misspelt key would otherwise be
/// ignored in silence, and a line would stay down with no clue why). <c>Logging:*</c> and <c>Plugins:*</c> belong to
/// the logging system and to each plugin.
/// </summary>
public static class ConfigurationKeys
{
    private static readonly string[] s_known =
    [
        "DataDir",
        "Api:Port", "Api:AllowedOrigins:#",
        "Sip:Port", "Sip:Address", "Sip:TlsCaFile", "Sip:DnsServers:#", "Sip:KeepAliveSeconds", "Sip:StunServer",
        "Sip:Accounts:#:Aor", "Sip:Accounts:#:Username", "Sip:Accounts:#:Password", "Sip:Accounts:#:Registrar", "Sip:Accounts:#:Transport",
        "Sip:Accounts:#:Expires", "Sip:Accounts:#:DisplayName", "Sip:Accounts:#:Id", "Sip:Accounts:#:OutboundProxy",
        "Sip:Accounts:#:Preset", "Sip:Accounts:#:Codecs",
        "Sip:Accounts:#:MediaEncryption",
        "Rtp:PortMin", "Rtp:PortMax",
        "Audio:Device",
        "Phone:DefaultCountry",
        "Storage:Provider", "Storage:ConnectionString",
        "Desktop:Notifications", "Desktop:Bus", "Desktop:Tray", "Desktop:PopupCommand", "Desktop:PopupOnIncoming",
        "Memory:Housekeeping",
    ];

    private static readonly string[] s_openSections = ["Logging", "Plugins"];

    /// <summary>Every key with a value that the agent does not read, each with the known key it most resembles (or null).</summary>
    public static IReadOnlyList<(string Key, string? Suggestion)> Unknown(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = new List<(string, string?)>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || IsKnown(key))
            {
                continue;
            }

            unknown.Add((key, Suggest(key)));
        }

        unknown.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return unknown;
    }

    private static bool IsKnown(string key)
    {
        var first = key.Split(':')[0];
        if (s_openSections.Any(s => s.Equals(first, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        var pattern = Pattern(key);
        return s_known.Any(k => k.Equals(pattern, StringComparison.OrdinalIgnoreCase));
    }

    // Array indexes (Sip:Accounts:0:Aor) compare as '#'.
    private static string Pattern(string key) =>
        string.Join(':', key.Split(':').Select(part => part.Length > 0 && part.All(char.IsAsciiDigit) ? "#" : part));

    private static string? Suggest(string key)
    {
        var pattern = Pattern(key);
        var best = s_known.Select(k => (Known: k, Distance: Distance(pattern.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(c => c.Distance).First();
        if (best.Distance > 3)
        {
            return null;
        }

        // Put the user's own indexes back into the suggestion.
        var indexes = new Queue<string>(key.Split(':').Where(p => p.Length > 0 && p.All(char.IsAsciiDigit)));
        return string.Join(':', best.Known.Split(':').Select(part => part == "#" && indexes.Count > 0 ? indexes.Dequeue() : part));
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
