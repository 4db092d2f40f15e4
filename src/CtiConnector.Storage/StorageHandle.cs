using CtiConnector.Core.Storage;
using CtiConnector.Storage.Relational;

namespace CtiConnector.Storage;

/// <summary>
/// The opened stores of one database, from <see cref="StorageFactory.OpenAsync"/>. Register <see cref="History"/> and
/// <see cref="Contacts"/> as singletons; dispose this when the agent stops (it closes the connections).
/// </summary>
public sealed class StorageHandle : IAsyncDisposable
{
    private readonly Database _database;

    internal StorageHandle(string provider, Database database, IReadOnlyList<string> warnings)
    {
        Provider = provider;
        _database = database;
        Warnings = warnings;
        History = new DbHistoryStore(database);
        Contacts = new DbContactStore(database);
        Outbox = new DbOutbox(database);
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>Where the data is: the SQLite file path, or <c>host:port/database</c>.</summary>
    public string Location => _database.Description;

    /// <summary>What the user should be told about the open (for example a damaged file moved aside); empty when all went well.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IHistoryStore History { get; }

    public IContactStore Contacts { get; }

    /// <summary>A durable queue (for example plugin journal deliveries) in the same database.</summary>
    public IOutbox Outbox { get; }

    internal Database Database => _database;

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
