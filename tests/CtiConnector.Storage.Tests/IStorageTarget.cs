using CtiConnector.Storage;

namespace CtiConnector.Storage.Tests;

/// <summary>One empty database for one test: every <see cref="OpenAsync"/> opens another store instance on it.</summary>
public interface IStorageTarget : IAsyncDisposable
{
    Task<StorageHandle> OpenAsync(string instanceId = "agent-a");

    /// <summary>Runs a query on the raw database, bypassing the stores; returns the first column of the first row.</summary>
    Task<object?> ScalarAsync(string sql);
}
