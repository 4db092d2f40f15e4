using System.Data.Common;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// Applies versioned migrations at open: each in its own transaction with its row in <c>schema_version</c>, under a
/// lock so that several agents opening the same database at once apply each step exactly once.
/// </summary>
internal static class MigrationRunner
{
    private const long MigrationLockKey = 0x4354_4901; // "CTI" + 1

    public static async Task<int> ApplyAsync(
        Database database, string createVersionTable, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var latest = migrations[^1].Version;
        var current = 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in migrations)
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await database.LockAsync(transaction, MigrationLockKey, cancellationToken).ConfigureAwait(false);
            await using (var create = Sql.Command(connection, transaction, createVersionTable))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > latest)
            {
                throw new StorageException(
                    StorageErrorKind.NewerSchema,
                    $"The database {database.Description} was created by a newer version of CTI Connector (schema {current}, this version knows {latest}). Update CTI Connector, or point it to another database.");
            }

            if (current >= migration.Version)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var statement in migration.Statements)
            {
                await using var command = Sql.Command(connection, transaction, statement);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (migration.Then is { } then)
            {
                await then(database, connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            await using (var insert = Sql.Command(
                connection, transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)"))
            {
                Sql.Add(insert, "@v", migration.Version);
                Sql.Add(insert, "@d", migration.Description);
                database.AddTime(insert, "@t", DateTimeOffset.UtcNow);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
