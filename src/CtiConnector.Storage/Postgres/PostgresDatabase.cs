using System.Data;
using System.Data.Common;
using CtiConnector.Storage.Relational;
using Npgsql;

namespace CtiConnector.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by one or several agents. Writers use READ COMMITTED transactions; imports and
/// migrations are serialised with transaction-scoped advisory locks.
/// </summary>
internal sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, string description, string instanceId)
        : base(instanceId)
    {
        _dataSource = dataSource;
        Description = description;
    }

    public override bool SharedByAgents => true;

    public override string Description { get; }

    public static async Task<PostgresDatabase> OpenAsync(StorageOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("Storage:ConnectionString is required when Storage:Provider is postgres.", nameof(options));
        }

        NpgsqlSlimDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlSlimDataSourceBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new StorageException(StorageErrorKind.Unavailable, $"The PostgreSQL connection string is not valid: {e.Message}", e);
        }

        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "CTI Connector";
        }

        var description = $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
        var database = new PostgresDatabase(builder.Build(), description, options.EffectiveInstanceId);
        try
        {
            await MigrationRunner.ApplyAsync(database, PostgresSchema.CreateVersionTable, PostgresSchema.Migrations, cancellationToken)
                .ConfigureAwait(false);
            return database;
        }
        catch (DbException e)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw database.Translate(e, "opening the database");
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async Task LockAsync(DbTransaction transaction, long key, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(transaction.Connection!, transaction, "SELECT pg_advisory_xact_lock(@key)");
        Sql.Add(command, "@key", key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        Sql.Add(command, name, DbType.DateTimeOffset, value?.ToUniversalTime());

    public override DateTimeOffset GetTime(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override StorageException Translate(DbException exception, string action)
    {
        if (exception is PostgresException pg)
        {
            var sqlState = pg.SqlState;
            return sqlState switch
            {
                "53100" => new StorageException(
                    StorageErrorKind.DiskFull,
                    $"The PostgreSQL server {Description} has a full disk, so nothing was saved while {action}. Ask its administrator to free space.",
                    exception),
                "25006" => new StorageException(
                    StorageErrorKind.ReadOnly,
                    $"The PostgreSQL database {Description} is read-only (a standby, or read-only by setting), so nothing was saved while {action}.",
                    exception),
                "40001" or "40P01" or "55P03" => new StorageException(
                    StorageErrorKind.Busy,
                    $"The PostgreSQL database {Description} was busy with another agent's change while {action}, so nothing was saved. Try again.",
                    exception),
                _ when sqlState.StartsWith("23", StringComparison.Ordinal) => new StorageException(
                    StorageErrorKind.InvalidData, $"The database refused the data while {action}: {pg.MessageText}", exception),
                _ when sqlState.StartsWith("28", StringComparison.Ordinal) => new StorageException(
                    StorageErrorKind.Unavailable,
                    $"The PostgreSQL server {Description} refused the user name or password while {action}: {pg.MessageText}",
                    exception),
                "42501" => new StorageException(
                    StorageErrorKind.ReadOnly,
                    $"The PostgreSQL user may not write to {Description} (permission denied while {action}).",
                    exception),
                _ when sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal) || sqlState == "3D000" =>
                    new StorageException(
                        StorageErrorKind.Unavailable,
                        $"The PostgreSQL database {Description} is not available while {action}: {pg.MessageText}",
                        exception),
                _ => new StorageException(
                    StorageErrorKind.Other, $"A PostgreSQL error occurred while {action} ({Description}): {pg.MessageText}", exception),
            };
        }

        return new StorageException(
            StorageErrorKind.Unavailable,
            $"The PostgreSQL server {Description} cannot be reached while {action}, so nothing was saved: {exception.Message}",
            exception);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
