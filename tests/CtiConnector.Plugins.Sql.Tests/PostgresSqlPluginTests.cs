using CtiConnector.Testing.Postgres;
using Npgsql;

namespace CtiConnector.Plugins.Sql.Tests;

/// <summary>The same plugin against a real PostgreSQL server started by the test (CtiConnector.Testing).</summary>
public sealed class PostgresSqlPluginTests : IClassFixture<PostgresSqlPluginTests.Server>
{
    private readonly Server _server;

    public PostgresSqlPluginTests(Server server) => _server = server;

    [Fact]
    public async Task LookupFindsTheContactByParameters()
    {
        await using var plugin = await CreateAsync();

        var contact = await plugin.LookupAsync(SqlTestData.Alice, CancellationToken.None);

        Assert.Equal(new PluginContact("7", "Alice Martin", "ACME", null), contact);
    }

    [Fact]
    public async Task NoRowIsAMiss()
    {
        await using var plugin = await CreateAsync();

        Assert.Null(await plugin.LookupAsync(new PhoneNumberQuery("x'; DROP TABLE people; --", null, null, null), CancellationToken.None));
        Assert.Equal(1L, await _server.ScalarAsync("SELECT count(*) FROM people"));
    }

    [Fact]
    public async Task JournalWritesTimestampsAndNullsWithTheirTypes()
    {
        await using var plugin = await CreateAsync();

        await plugin.JournalAsync(SqlTestData.Call(historyId: 9001), CancellationToken.None);

        Assert.Equal(1L, await _server.ScalarAsync(
            "SELECT count(*) FROM calls WHERE history_id = 9001 AND started_at = timestamptz '2026-01-02 03:04:05Z' " +
            "AND answered_at IS NULL AND disposition = 'missed' AND duration = 0 AND notes = E'line 1\\nline 2'"));
    }

    [Fact]
    public async Task AQuerySlowerThanTimeoutMsIsATimeout()
    {
        var settings = _server.Settings();
        settings["LookupQuery"] = "SELECT '1' AS id, 'Late' AS name FROM pg_sleep(30) WHERE @e164 IS NOT NULL";
        settings["TimeoutMs"] = "300";
        await using var plugin = await SqlTestData.CreateAsync(settings);

        await Assert.ThrowsAsync<TimeoutException>(() => plugin.LookupAsync(SqlTestData.Alice, CancellationToken.None));
    }

    private Task<SqlPlugin> CreateAsync() => SqlTestData.CreateAsync(_server.Settings());

    /// <summary>One server and database for the class, with a people and a calls table.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private PostgresServer? _server;
        private string _connectionString = "";

        public Dictionary<string, string?> Settings() => new()
        {
            ["Provider"] = "postgres",
            ["ConnectionString"] = _connectionString,
            ["LookupQuery"] = "SELECT id, full_name AS name, company, NULL AS url FROM people WHERE phone = @e164",
            ["JournalCommand"] =
                "INSERT INTO calls (history_id, started_at, answered_at, duration, disposition, notes) " +
                "VALUES (@historyId, @startedAt, @answeredAt, @durationSeconds, @disposition, @notes)",
        };

        public async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async Task InitializeAsync()
        {
            _server = await PostgresServer.StartAsync();
            var database = await _server.CreateDatabaseAsync("crm_" + Guid.NewGuid().ToString("N")[..8]);
            _connectionString = _server.ConnectionString(database);
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                CREATE TABLE people (id integer PRIMARY KEY, full_name text, company text, phone text);
                INSERT INTO people VALUES (7, 'Alice Martin', 'ACME', '+33123456789');
                CREATE TABLE calls (history_id bigint, started_at timestamptz, answered_at timestamptz, duration integer, disposition text, notes text);
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }

        public async Task DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
