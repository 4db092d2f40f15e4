using CtiConnector.Storage.Postgres;
using CtiConnector.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Storage;

/// <summary>
/// Opens the configured database for the composition root: SQLite (default, <c>DATADIR/cti.db</c>) or PostgreSQL.
/// Opening checks the database and applies the migrations.
/// </summary>
/// <example>
/// <code>
/// var options = new StorageOptions { Provider = config["Storage:Provider"] ?? "sqlite",
///     ConnectionString = config["Storage:ConnectionString"], DataDirectory = dataDir };
/// await using var storage = await StorageFactory.OpenAsync(options, logger, cancellationToken);
/// services.AddSingleton(storage.History).AddSingleton(storage.Contacts);
/// </code>
/// </example>
public static class StorageFactory
{
    /// <summary>
    /// Opens the stores. Throws <see cref="StorageException"/> with a sentence for the user when the database cannot
    /// be used; a damaged SQLite file is moved aside instead (logged as a warning and listed in
    /// <see cref="StorageHandle.Warnings"/>).
    /// </summary>
    public static async Task<StorageHandle> OpenAsync(StorageOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var provider = string.IsNullOrWhiteSpace(options.Provider) ? StorageOptions.Sqlite : options.Provider.Trim().ToLowerInvariant();
        switch (provider)
        {
            case StorageOptions.Sqlite:
            {
                var warnings = new List<string>();
                var database = await SqliteDatabase.OpenAsync(options, warnings, cancellationToken).ConfigureAwait(false);
                foreach (var warning in warnings)
                {
                    StorageLog.DatabaseMovedAside(logger, warning);
                }

                StorageLog.Opened(logger, provider, database.Description);
                return new StorageHandle(provider, database, warnings);
            }

            case StorageOptions.Postgres or "postgresql" or "npgsql":
            {
                var database = await PostgresDatabase.OpenAsync(options, cancellationToken).ConfigureAwait(false);
                StorageLog.Opened(logger, StorageOptions.Postgres, database.Description);
                return new StorageHandle(StorageOptions.Postgres, database, []);
            }

            default:
                throw new StorageException(
                    StorageErrorKind.Unavailable,
                    $"Storage:Provider is '{options.Provider}'; it must be 'sqlite' or 'postgres'.");
        }
    }
}
