namespace CtiConnector.Storage;

/// <summary>
/// Where the history and the directory live. Bound from the configuration keys <c>Storage:Provider</c>
/// and <c>Storage:ConnectionString</c>, with the agent's <c>DataDir</c> as <see cref="DataDirectory"/>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The SQLite provider name (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The PostgreSQL provider name.</summary>
    public const string Postgres = "postgres";

    /// <summary>The SQLite file name used in <see cref="DataDirectory"/> when no connection string is given.</summary>
    public const string DefaultSqliteFileName = "cti.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>; case-insensitive.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// For SQLite: optional, a file path or a <c>Data Source=...</c> connection string (default
    /// <c>DATADIR/cti.db</c>). For PostgreSQL: required, an Npgsql connection string.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The agent's data directory (created if missing); holds the SQLite file by default.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Who writes the records (stored on each history record). On a PostgreSQL database shared by several agents,
    /// <see cref="CtiConnector.Core.Storage.IHistoryStore.MarkInterruptedAsync"/> only ends the live records written by
    /// the same instance; a SQLite file belongs to one agent, which ends them all. Default: <c>machine/user</c>.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>How SQLite files are checked at open. Default <see cref="Storage.IntegrityCheck.Auto"/>.</summary>
    public IntegrityCheck IntegrityCheck { get; set; } = IntegrityCheck.Auto;

    /// <summary>How long a writer waits for a lock held by another connection or process. Default 10 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Test seam: caps the SQLite file (<c>PRAGMA max_page_count</c>) to simulate a full disk.</summary>
    internal long? SqliteMaxPageCount { get; set; }

    /// <summary>The largest SQLite file that <see cref="Storage.IntegrityCheck.Auto"/> checks fully at every open.</summary>
    internal long SqliteAutoFullCheckMaxBytes { get; set; } = 16L * 1024 * 1024;

    internal string EffectiveInstanceId =>
        string.IsNullOrWhiteSpace(InstanceId) ? Environment.MachineName + "/" + Environment.UserName : InstanceId;
}
