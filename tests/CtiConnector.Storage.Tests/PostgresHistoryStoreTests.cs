namespace CtiConnector.Storage.Tests;

/// <summary>The history behaviour on a real PostgreSQL server started for this class.</summary>
public sealed class PostgresHistoryStoreTests : HistoryStoreTests, IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _fixture;

    public PostgresHistoryStoreTests(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    protected override bool SharedByAgents => true;

    protected override IStorageTarget CreateTarget() => new PostgresTarget(_fixture);
}
