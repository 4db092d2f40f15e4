using Microsoft.Data.Sqlite;

namespace CtiConnector.Storage.Tests;

/// <summary>A SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteTarget : IStorageTarget
{
    private readonly List<StorageHandle> _handles = [];

    public SqliteTarget()
    {
        Directory = Path.Combine(Path.GetTempPath(), "cti-storage-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, StorageOptions.DefaultSqliteFileName);

    public async Task<StorageHandle> OpenAsync(string instanceId = "agent-a")
    {
        var handle = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = Directory, InstanceId = instanceId }, null, CancellationToken.None);
        _handles.Add(handle);
        return handle;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
        {
            await handle.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
