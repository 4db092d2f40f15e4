using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Plugins.Sql;

/// <summary>
/// The <c>Plugins:Sql</c> section: <c>Provider</c> (<c>sqlite</c> or <c>postgres</c>), <c>ConnectionString</c>,
/// <c>LookupQuery</c> (parameters <c>@e164</c>, <c>@national</c>, <c>@number</c>, <c>@displayName</c>; columns
/// <c>id</c>, <c>name</c>, optional <c>company</c>, <c>url</c>), <c>JournalCommand</c> (parameters listed in
/// <see cref="SqlParameters"/>), <c>TimeoutMs</c> (default 1000 for a lookup) and <c>JournalTimeoutMs</c> (default 10000).
/// </summary>
internal sealed class SqlOptions
{
    public string Provider { get; private init; } = "sqlite";

    public string ConnectionString { get; private init; } = "";

    public string? LookupQuery { get; private init; }

    public string? JournalCommand { get; private init; }

    public TimeSpan Timeout { get; private init; } = TimeSpan.FromSeconds(1);

    public TimeSpan JournalTimeout { get; private init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads and checks the section; throws <see cref="FormatException"/> saying which key is wrong.</summary>
    public static SqlOptions Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var provider = (Text(section, "Provider") ?? "sqlite").ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new FormatException($"Provider '{provider}' must be sqlite or postgres");
        }

        var connectionString = Text(section, "ConnectionString") ?? throw new FormatException("ConnectionString is required");
        var lookup = Text(section, "LookupQuery");
        var journal = Text(section, "JournalCommand");
        if (lookup is null && journal is null)
        {
            throw new FormatException("set LookupQuery and/or JournalCommand");
        }

        return new SqlOptions
        {
            Provider = provider,
            ConnectionString = connectionString,
            LookupQuery = lookup,
            JournalCommand = journal,
            Timeout = Milliseconds(section, "TimeoutMs") ?? TimeSpan.FromSeconds(1),
            JournalTimeout = Milliseconds(section, "JournalTimeoutMs") ?? TimeSpan.FromSeconds(10),
        };
    }

    private static string? Text(IConfiguration section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

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
