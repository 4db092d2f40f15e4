using CtiConnector.Testing.Postgres;

namespace CtiConnector.Storage.Tests;

/// <summary>A private PostgreSQL server and a fresh database for one test class; each test gets its own schema in it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var database = await _server.CreateDatabaseAsync("cti_" + Guid.NewGuid().ToString("N")[..8]);
        ConnectionString = _server.ConnectionString(database);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
