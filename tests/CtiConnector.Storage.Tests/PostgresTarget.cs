using Npgsql;

namespace CtiConnector.Storage.Tests;

/// <summary>A fresh schema in the fixture's database (its own search path), so tests of a class do not see each other's rows.</summary>
public sealed class PostgresTarget : IStorageTarget
{
    private readonly PostgresFixture _fixture;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<StorageHandle> _handles = [];
    private bool _created;

    public PostgresTarget(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_fixture.ConnectionString) { SearchPath = _schema }.ConnectionString;

    public async Task<StorageHandle> OpenAsync(string instanceId = "agent-a")
    {
        if (!_created)
        {
            await ScalarOnDatabaseAsync("CREATE SCHEMA " + _schema);
            _created = true;
        }

        var handle = await StorageFactory.OpenAsync(
            new StorageOptions { Provider = "postgres", ConnectionString = ConnectionString, InstanceId = instanceId },
            null,
            CancellationToken.None);
        _handles.Add(handle);
        return handle;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
        {
            await handle.DisposeAsync();
        }

        if (_created)
        {
            await ScalarOnDatabaseAsync("DROP SCHEMA " + _schema + " CASCADE");
        }
    }

    private async Task ScalarOnDatabaseAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
