using Microsoft.Data.Sqlite;

namespace CtiConnector.Plugins.Sql.Tests;

public sealed class SqliteSqlPluginTests : IDisposable
{
    private const string Lookup = "SELECT id, full_name AS name, company, url FROM people WHERE phone = @e164 OR phone = @national LIMIT 1";
    private const string Journal =
        "INSERT INTO calls (history_id, call_id, direction, remote, e164, contact_id, started_at, answered_at, ended_at, duration, disposition, notes) " +
        "VALUES (@historyId, @callId, @direction, @remote, @e164, @contactId, @startedAt, @answeredAt, @endedAt, @durationSeconds, @disposition, @notes)";

    private readonly string _directory = Directory.CreateTempSubdirectory("cti-sql-").FullName;
    private readonly string _connectionString;

    public SqliteSqlPluginTests()
    {
        _connectionString = $"Data Source={Path.Combine(_directory, "crm.db")};Pooling=False";
        Execute("""
            CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT, company TEXT, url TEXT, phone TEXT);
            INSERT INTO people VALUES (7, 'Alice Martin', 'ACME', 'https://crm.example/p/7', '+33123456789');
            INSERT INTO people VALUES (8, 'Bob Natl', NULL, NULL, '0987654321');
            CREATE TABLE calls (history_id INTEGER, call_id TEXT, direction TEXT, remote TEXT, e164 TEXT, contact_id TEXT,
                started_at TEXT, answered_at TEXT, ended_at TEXT, duration INTEGER, disposition TEXT, notes TEXT);
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task LookupReturnsTheFirstRowsColumns()
    {
        await using var plugin = await CreateAsync();

        var contact = await plugin.LookupAsync(SqlTestData.Alice, CancellationToken.None);

        Assert.Equal(new PluginContact("7", "Alice Martin", "ACME", "https://crm.example/p/7"), contact);
    }

    [Fact]
    public async Task LookupBindsTheNationalForm()
    {
        await using var plugin = await CreateAsync();

        var contact = await plugin.LookupAsync(new PhoneNumberQuery("0987654321", "+33987654321", "0987654321", null), CancellationToken.None);

        Assert.Equal(new PluginContact("8", "Bob Natl"), contact);
    }

    [Fact]
    public async Task NoRowIsAMiss()
    {
        await using var plugin = await CreateAsync();

        Assert.Null(await plugin.LookupAsync(new PhoneNumberQuery("0111111111", "+33111111111", "0111111111", null), CancellationToken.None));
    }

    [Fact]
    public async Task AnAbsentFormIsBoundAsNull()
    {
        await using var plugin = await CreateAsync();

        Assert.Null(await plugin.LookupAsync(new PhoneNumberQuery("alice", null, null, null), CancellationToken.None));
    }

    [Fact]
    public async Task ANumberIsAValueNeverSqlText()
    {
        await using var plugin = await CreateAsync(new() { ["LookupQuery"] = "SELECT id, full_name AS name FROM people WHERE phone = @number" });
        var hostile = "x' OR '1'='1'; DROP TABLE people; --";

        var contact = await plugin.LookupAsync(new PhoneNumberQuery(hostile, null, null, null), CancellationToken.None);

        Assert.Null(contact);
        Assert.Equal(2L, Scalar("SELECT count(*) FROM people"));
    }

    [Fact]
    public async Task ABrokenQueryThrowsTheDatabasesError()
    {
        await using var plugin = await CreateAsync(new() { ["LookupQuery"] = "SELECT id, name FROM nowhere WHERE phone = @e164" });

        var error = await Assert.ThrowsAsync<SqliteException>(() => plugin.LookupAsync(SqlTestData.Alice, CancellationToken.None));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalInsertsEveryFieldAsParameters()
    {
        await using var plugin = await CreateAsync();

        await plugin.JournalAsync(SqlTestData.Call(notes: "it's; DROP TABLE calls; --"), CancellationToken.None);

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT history_id, call_id, direction, remote, e164, contact_id, started_at, answered_at, ended_at, duration, disposition, notes FROM calls";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(42L, reader.GetInt64(0));
        Assert.Equal("call-1", reader.GetString(1));
        Assert.Equal("inbound", reader.GetString(2));
        Assert.Equal("0123456789", reader.GetString(3));
        Assert.Equal("+33123456789", reader.GetString(4));
        Assert.Equal("7", reader.GetString(5));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), DateTimeOffset.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(reader.IsDBNull(7));
        Assert.Equal(0L, reader.GetInt64(9));
        Assert.Equal("missed", reader.GetString(10));
        Assert.Equal("it's; DROP TABLE calls; --", reader.GetString(11));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task AFailingJournalCommandThrowsSoTheAgentRetries()
    {
        Execute("CREATE TRIGGER refuse BEFORE INSERT ON calls BEGIN SELECT RAISE(ABORT, 'crm is read-only'); END;");
        await using var plugin = await CreateAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => plugin.JournalAsync(SqlTestData.Call(), CancellationToken.None));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Provider", "mysql", "sqlite or postgres")]
    [InlineData("ConnectionString", "", "ConnectionString is required")]
    [InlineData("TimeoutMs", "-5", "milliseconds")]
    public async Task ABadSettingFailsInitialisationNamingTheKey(string key, string value, string expected)
    {
        var settings = Settings();
        settings[key] = value;

        var error = await Assert.ThrowsAsync<FormatException>(() => new SqlPlugin().InitializeAsync(SqlTestData.Context(settings), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnopenableDatabaseFailsInitialisation()
    {
        var settings = Settings();
        settings["ConnectionString"] = $"Data Source={Path.Combine(_directory, "missing", "crm.db")};Mode=ReadWrite";

        await Assert.ThrowsAsync<SqliteException>(() => new SqlPlugin().InitializeAsync(SqlTestData.Context(settings), CancellationToken.None));
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Provider"] = "sqlite",
        ["ConnectionString"] = _connectionString,
        ["LookupQuery"] = Lookup,
        ["JournalCommand"] = Journal,
    };

    private Task<SqlPlugin> CreateAsync(Dictionary<string, string?>? overrides = null)
    {
        var settings = Settings();
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return SqlTestData.CreateAsync(settings);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
