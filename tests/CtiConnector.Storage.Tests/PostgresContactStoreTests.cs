namespace CtiConnector.Storage.Tests;

/// <summary>The directory behaviour on a real PostgreSQL server started for this class.</summary>
public sealed class PostgresContactStoreTests : ContactStoreTests, IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _fixture;

    public PostgresContactStoreTests(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    protected override IStorageTarget CreateTarget() => new PostgresTarget(_fixture);
}
