using System.Data.Common;

namespace CtiConnector.Storage.Relational;

/// <summary>The <see cref="IOutbox"/> over the <c>outbox</c> table.</summary>
internal sealed class DbOutbox : IOutbox
{
    private const int MaxLimit = 500;

    private readonly Database _database;

    public DbOutbox(Database database)
    {
        _database = database;
    }

    public async Task<long> EnqueueAsync(string topic, string payload, DateTimeOffset? notBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            var now = DateTimeOffset.UtcNow;
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "INSERT INTO outbox (topic, payload, attempts, next_attempt_at, created_at) VALUES (@topic, @payload, 0, @next, @now) RETURNING id");
            Sql.Add(command, "@topic", topic);
            Sql.Add(command, "@payload", payload);
            _database.AddTime(command, "@next", notBefore ?? now);
            _database.AddTime(command, "@now", now);
            var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "queueing a delivery");
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> GetDueAsync(string topic, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "SELECT id, topic, payload, attempts, next_attempt_at, created_at FROM outbox " +
                "WHERE topic = @topic AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit");
            Sql.Add(command, "@topic", topic);
            _database.AddTime(command, "@now", now);
            Sql.Add(command, "@limit", Math.Clamp(limit, 1, MaxLimit));
            var messages = new List<OutboxMessage>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.Add(new OutboxMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    _database.GetTime(reader, 4),
                    _database.GetTime(reader, 5)));
            }

            return messages;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "reading the queued deliveries");
        }
    }

    public async Task<bool> CompleteAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(connection, null, "DELETE FROM outbox WHERE id = @id");
            Sql.Add(command, "@id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "removing a delivered message");
        }
    }

    public async Task RescheduleAsync(long id, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection, null, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next WHERE id = @id");
            _database.AddTime(command, "@next", nextAttemptAt);
            Sql.Add(command, "@id", id);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "rescheduling a delivery");
        }
    }
}
