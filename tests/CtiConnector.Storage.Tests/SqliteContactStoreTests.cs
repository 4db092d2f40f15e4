namespace CtiConnector.Storage.Tests;

/// <summary>The directory behaviour on a SQLite file in a temporary folder.</summary>
public sealed class SqliteContactStoreTests : ContactStoreTests
{
    protected override IStorageTarget CreateTarget() => new SqliteTarget();
}
