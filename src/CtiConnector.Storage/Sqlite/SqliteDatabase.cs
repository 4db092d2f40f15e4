using System.Data.Common;
using System.Globalization;
using CtiConnector.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace CtiConnector.Storage.Sqlite;

/// <summary>
/// A SQLite file: WAL journal, busy timeout, foreign keys, an integrity check and the migrations at open. A damaged
/// file is moved aside (never emptied or overwritten) and a fresh database is created in its place.
/// </summary>
internal sealed class SqliteDatabase : Database
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly long _autoFullCheckMaxBytes;

    private SqliteDatabase(string path, string connectionString, string connectionPragmas, long autoFullCheckMaxBytes, string instanceId)
        : base(instanceId)
    {
        _autoFullCheckMaxBytes = autoFullCheckMaxBytes;
        FilePath = path;
        _connectionString = connectionString;
        _connectionPragmas = connectionPragmas;
    }

    public string FilePath { get; }

    /// <summary>A file beside the database asking the next open for a full integrity check.</summary>
    private string CheckRequestPath => FilePath + ".check";

    public override bool SharedByAgents => false;

    public override string Description => FilePath;

    /// <summary>Opens (or creates) the database; <paramref name="warnings"/> receives what the user should be told.</summary>
    public static async Task<SqliteDatabase> OpenAsync(StorageOptions options, List<string> warnings, CancellationToken cancellationToken)
    {
        var builder = Build(options);
        var path = Path.GetFullPath(builder.DataSource);
        var busyMs = (int)Math.Clamp(options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        // Run on every open, pooled handles included: one statement batch instead of one per setting.
        var pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = " + busyMs.ToString(CultureInfo.InvariantCulture);
        if (options.SqliteMaxPageCount is { } maxPages)
        {
            pragmas += "; PRAGMA max_page_count = " + maxPages.ToString(CultureInfo.InvariantCulture);
        }

        var database = new SqliteDatabase(path, builder.ConnectionString, pragmas, options.SqliteAutoFullCheckMaxBytes, options.EffectiveInstanceId);
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(
                StorageErrorKind.Unavailable, $"The folder for the database {path} cannot be created: {e.Message}", e);
        }

        string? damage;
        try
        {
            damage = await database.PrepareAsync(options.IntegrityCheck, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsCorruption(e))
        {
            damage = e.Message;
        }
        catch (SqliteException e)
        {
            throw database.Translate(e, "opening the database");
        }

        if (damage is not null)
        {
            warnings.Add(database.MoveAside(damage));
            try
            {
                damage = await database.PrepareAsync(IntegrityCheck.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                throw database.Translate(e, "creating a new database after moving the damaged one aside");
            }
        }

        try
        {
            await MigrationRunner.ApplyAsync(database, SqliteSchema.CreateVersionTable, SqliteSchema.Migrations, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw database.Translate(e, "updating the database to this version");
        }

        return database;
    }

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // SQLite's own lock wait on this handle (busy_timeout), set again on every open of a pooled handle.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = _connectionPragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // BEGIN IMMEDIATE takes the write lock up front: writers wait (busy timeout) instead of failing on upgrade.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        Sql.Add(command, name, System.Data.DbType.Int64, value?.ToUnixTimeMilliseconds());

    public override DateTimeOffset GetTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public override StorageException Translate(DbException exception, string action)
    {
        var code = exception is SqliteException s ? s.SqliteErrorCode & 0xFF : -1;
        return code switch
        {
            13 => new StorageException(
                StorageErrorKind.DiskFull,
                $"The disk holding {FilePath} is full, so nothing was saved while {action}. Free some space on that disk.",
                exception),
            8 => new StorageException(
                StorageErrorKind.ReadOnly,
                $"The database {FilePath} is read-only, so nothing was saved while {action}. Check that you may write to that file and its folder.",
                exception),
            3 or 23 => new StorageException(
                StorageErrorKind.ReadOnly,
                $"Permission was denied on the database {FilePath} while {action}. Check the file's and the folder's permissions.",
                exception),
            14 => new StorageException(
                StorageErrorKind.Unavailable,
                $"The database {FilePath} cannot be opened while {action}. Check that its folder exists and that you may write to it.",
                exception),
            5 or 6 => new StorageException(
                StorageErrorKind.Busy,
                $"The database {FilePath} stayed locked by another program while {action}, so nothing was saved. Try again; if it lasts, close the program holding it.",
                exception),
            10 => new StorageException(
                StorageErrorKind.Unavailable,
                $"The disk failed to read or write {FilePath} while {action}, so nothing was saved ({exception.Message}).",
                exception),
            SqliteCorrupt or SqliteNotADatabase => Corrupt(exception, action),
            19 => new StorageException(
                StorageErrorKind.InvalidData,
                $"The database refused the data while {action}: {exception.Message}",
                exception),
            _ => new StorageException(
                StorageErrorKind.Other, $"A database error occurred while {action} ({FilePath}): {exception.Message}", exception),
        };
    }

    public override ValueTask DisposeAsync()
    {
        // Closes the pooled file handles, which lets SQLite checkpoint the WAL and remove -wal/-shm.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static SqliteConnectionStringBuilder Build(StorageOptions options)
    {
        SqliteConnectionStringBuilder builder;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var directory = options.DataDirectory;
            if (string.IsNullOrWhiteSpace(directory))
            {
                throw new ArgumentException("StorageOptions.DataDirectory or a SQLite ConnectionString is required.", nameof(options));
            }

            builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, StorageOptions.DefaultSqliteFileName) };
        }
        else if (options.ConnectionString.Contains('=', StringComparison.Ordinal))
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        else
        {
            builder = new SqliteConnectionStringBuilder { DataSource = options.ConnectionString };
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ArgumentException("The SQLite database must be a file.", nameof(options));
        }

        if (!Path.IsPathRooted(builder.DataSource) && !string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            builder.DataSource = Path.Combine(options.DataDirectory, builder.DataSource);
        }

        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.ForeignKeys = null;
        builder.Pooling = true;
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        return builder;
    }

    private StorageException Corrupt(DbException exception, string action)
    {
        RequestCheck();
        return new StorageException(
            StorageErrorKind.Corrupt,
            $"The database {FilePath} is damaged ({exception.Message}); nothing was saved while {action}. Restart CTI Connector: it checks the file, moves it aside if it is damaged, and starts a new one.",
            exception);
    }

    private static bool IsCorruption(SqliteException e) =>
        (e.SqliteErrorCode & 0xFF) is SqliteCorrupt or SqliteNotADatabase;

    /// <summary>Checks the file, then sets the journal; returns what is wrong with the file, or null when it is sound.</summary>
    private async Task<string?> PrepareAsync(IntegrityCheck check, CancellationToken cancellationToken)
    {
        if (File.Exists(FilePath) && new FileInfo(FilePath).Length > 0)
        {
            var damage = await CheckAsync(Resolve(check), cancellationToken).ConfigureAwait(false);
            if (damage is not null)
            {
                return damage;
            }

            DeleteCheckRequest();
        }

        await using var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();

        // journal_mode=WAL is persistent in the file.
        pragma.CommandText = "PRAGMA journal_mode = WAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private IntegrityCheck Resolve(IntegrityCheck check)
    {
        if (check != IntegrityCheck.Auto)
        {
            return check;
        }

        if (File.Exists(CheckRequestPath) || new FileInfo(FilePath).Length <= _autoFullCheckMaxBytes)
        {
            return IntegrityCheck.Full;
        }

        var wal = new FileInfo(FilePath + "-wal");
        return wal.Exists && wal.Length > 0 ? IntegrityCheck.Quick : IntegrityCheck.None;
    }

    /// <summary>Asks the next open for a full check (after an operation met a damaged page); best effort.</summary>
    private void RequestCheck()
    {
        try
        {
            File.WriteAllText(CheckRequestPath, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error itself still reaches the user; the next open then runs the check its mode gives.
        }
    }

    private void DeleteCheckRequest()
    {
        try
        {
            File.Delete(CheckRequestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A request left behind only costs one more full check.
        }
    }

    /// <summary>
    /// Reads the file through a read-only, unpooled connection: a read-only connection never checkpoints nor deletes
    /// the -wal file, so a damaged database is moved aside exactly as it was found.
    /// </summary>
    private async Task<string?> CheckAsync(IntegrityCheck check, CancellationToken cancellationToken)
    {
        var readOnly = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(readOnly.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = check switch
        {
            IntegrityCheck.Full => "PRAGMA integrity_check(20)",
            IntegrityCheck.Quick => "PRAGMA quick_check(20)",
            _ => "SELECT COUNT(*) FROM sqlite_master",
        };
        var problems = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                problems.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        return check == IntegrityCheck.None || problems is ["ok"] ? null : string.Join("; ", problems);
    }

    /// <summary>Renames the damaged file and its -wal/-shm to <c>NAME.corrupt-TIMESTAMP</c>; returns the message for the user.</summary>
    private string MoveAside(string damage)
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = FilePath + ".corrupt-" + stamp;
        for (var n = 2; File.Exists(target); n++)
        {
            target = FilePath + ".corrupt-" + stamp + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            File.Move(FilePath, target);
            foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
            {
                if (File.Exists(FilePath + suffix))
                {
                    File.Move(FilePath + suffix, target + suffix);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(
                StorageErrorKind.Corrupt,
                $"The database {FilePath} is damaged ({damage}) and could not be moved aside ({e.Message}). Move or rename it yourself, then restart CTI Connector.",
                e);
        }

        DeleteCheckRequest();
        return $"The database {FilePath} was damaged ({damage}). It was moved aside to {target} and a new, empty database was created; the earlier calls and contacts are in the moved file.";
    }
}
