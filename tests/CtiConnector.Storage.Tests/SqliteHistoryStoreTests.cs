namespace CtiConnector.Storage.Tests;

/// <summary>The history behaviour on a SQLite file in a temporary folder.</summary>
public sealed class SqliteHistoryStoreTests : HistoryStoreTests
{
    protected override bool SharedByAgents => false;

    protected override IStorageTarget CreateTarget() => new SqliteTarget();
}
