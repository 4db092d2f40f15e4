using System.Net;
using System.Net.Sockets;

namespace CtiConnector.Storage.Tests;

/// <summary>What is specific to PostgreSQL: migrations shared by agents opening at once, and an unreachable server.</summary>
public sealed class PostgresDatabaseTests : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly PostgresTarget _target;

    public PostgresDatabaseTests(PostgresFixture fixture)
    {
        _target = new PostgresTarget(fixture);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task SeveralAgentsOpeningAnEmptyDatabaseAtOnceApplyEachMigrationOnce()
    {
        await _target.OpenAsync("first");
        await _target.ScalarAsync("DROP TABLE history, contact_terms, contact_numbers, contacts, outbox, schema_version");

        var handles = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => _target.OpenAsync("agent-" + i))));

        Assert.Equal(4, handles.Length);
        Assert.Equal(2L, await _target.ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.All(handles, h => Assert.Equal("postgres", h.Provider));
    }

    [Fact]
    public async Task AnUnreachableServerGivesAClearUnavailableError()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<StorageException>(() => StorageFactory.OpenAsync(
            new StorageOptions { Provider = "postgres", ConnectionString = $"Host=127.0.0.1;Port={port};Username=cti;Database=x;Timeout=3" },
            null,
            CancellationToken.None));

        Assert.Equal(StorageErrorKind.Unavailable, error.Kind);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostgresProviderWithoutConnectionStringIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => StorageFactory.OpenAsync(
            new StorageOptions { Provider = "postgres" }, null, CancellationToken.None));
    }
}
