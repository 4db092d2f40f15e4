using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.Sql.Tests;

internal static class SqlTestData
{
    public static readonly PhoneNumberQuery Alice = new("0123456789", "+33123456789", "0123456789", "ALICE");

    public static CallRecord Call(long historyId = 42, string? notes = "line 1\nline 2") => new(
        historyId, "call-1", "inbound", "0123456789", "+33123456789", "ALICE", "7", "Alice Martin",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), null,
        new DateTimeOffset(2026, 1, 2, 3, 5, 15, TimeSpan.Zero), 0, "missed", notes, "1");

    public static PluginContext Context(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger.Instance, Path.GetTempPath(), "FR");

    public static async Task<SqlPlugin> CreateAsync(Dictionary<string, string?> settings)
    {
        settings.TryAdd("TimeoutMs", "20000"); // timing is not what most tests are about
        var plugin = new SqlPlugin();
        await plugin.InitializeAsync(Context(settings), CancellationToken.None);
        return plugin;
    }
}
