using System.Data.Common;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// What differs between SQLite and PostgreSQL under the shared stores: connections, write transactions, the
/// representation of times, locks and the translation of provider errors into <see cref="StorageException"/>.
/// </summary>
internal abstract class Database : IAsyncDisposable
{
    protected Database(string instanceId)
    {
        InstanceId = instanceId;
    }

    /// <summary>Stored with each history record; scopes <c>MarkInterruptedAsync</c>.</summary>
    public string InstanceId { get; }

    /// <summary>
    /// True where several agents may write the same database (PostgreSQL): <c>MarkInterruptedAsync</c> then only ends
    /// the live records of <see cref="InstanceId"/>. A SQLite file belongs to one agent, which ends them all.
    /// </summary>
    public abstract bool SharedByAgents { get; }

    /// <summary>Where the data is, for messages (a file path, or host/database).</summary>
    public abstract string Description { get; }

    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that writes (SQLite: <c>BEGIN IMMEDIATE</c>, so writers queue instead of deadlocking).</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises writers on <paramref name="key"/> until the transaction ends (a no-op where the write transaction already does).</summary>
    public virtual Task LockAsync(DbTransaction transaction, long key, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract void AddTime(DbCommand command, string name, DateTimeOffset? value);

    public abstract DateTimeOffset GetTime(DbDataReader reader, int ordinal);

    /// <summary>Turns a provider exception into a <see cref="StorageException"/> saying what failed while <paramref name="action"/>.</summary>
    public abstract StorageException Translate(DbException exception, string action);

    public abstract ValueTask DisposeAsync();

    public DateTimeOffset? GetNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetTime(reader, ordinal);
}
