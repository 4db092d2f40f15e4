using System.Data.Common;
using System.Text;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// The call history over SQLite or PostgreSQL (the <see cref="Database"/> gives the differences). The remote party and
/// the contact are stored on the record as they were known at call time. Ids are never reused, so they order records
/// by insertion (newest first = highest id) and serve as the paging cursor. The text a search matches is also stored
/// folded (lower case, no accents, see <see cref="TextFolding"/>): <c>search</c> holds the contact name, the remote
/// display name and raw number, <c>notes_search</c> the notes (so a notes edit recomputes it alone).
/// </summary>
internal sealed class DbHistoryStore : IHistoryStore
{
    /// <summary>The largest page a query returns, whatever the caller asks.</summary>
    public const int MaxLimit = 500;

    private const string Columns =
        "id, call_id, account_id, direction, remote_raw, remote_e164, remote_display_name, contact_id, contact_name, " +
        "contact_company, contact_crm_url, started_at, answered_at, ended_at, duration_seconds, disposition, notes";

    private const string Values =
        "@call_id, @account_id, @direction, @remote_raw, @remote_e164, @remote_display_name, @contact_id, @contact_name, " +
        "@contact_company, @contact_crm_url, @started_at, @answered_at, @ended_at, @duration_seconds, @disposition, @notes";

    private readonly Database _database;

    public DbHistoryStore(Database database)
    {
        _database = database;
    }

    public async Task<long> InsertAsync(HistoryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "INSERT INTO history (owner, remote_key, remote_digits_rev, search, notes_search, " + Columns[4..] + ") " +
                "VALUES (@owner, @remote_key, @remote_digits_rev, @search, @notes_search, " + Values + ") RETURNING id");
            Sql.Add(command, "@owner", _database.InstanceId);
            AddRecord(command, record);
            var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "saving the call " + record.CallId);
        }
    }

    public async Task UpdateAsync(HistoryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        int changed;
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "UPDATE history SET call_id = @call_id, account_id = @account_id, direction = @direction, remote_raw = @remote_raw, " +
                "remote_e164 = @remote_e164, remote_display_name = @remote_display_name, remote_key = @remote_key, " +
                "remote_digits_rev = @remote_digits_rev, search = @search, notes_search = @notes_search, contact_id = @contact_id, contact_name = @contact_name, " +
                "contact_company = @contact_company, contact_crm_url = @contact_crm_url, started_at = @started_at, " +
                "answered_at = @answered_at, ended_at = @ended_at, duration_seconds = @duration_seconds, " +
                "disposition = @disposition, notes = @notes WHERE id = @id");
            AddRecord(command, record);
            Sql.Add(command, "@id", record.Id);
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "saving the call " + record.CallId);
        }

        if (changed == 0)
        {
            throw new KeyNotFoundException($"There is no history record {record.Id} to update (call {record.CallId}).");
        }
    }

    public async Task<HistoryRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(connection, null, "SELECT " + Columns + " FROM history WHERE id = @id");
            Sql.Add(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "reading the call history");
        }
    }

    public async Task<IReadOnlyList<HistoryRecord>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = BuildQuery(connection, query, limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<HistoryRecord>(Math.Min(limit, 64));
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(Read(reader));
            }

            return records;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "reading the call history");
        }
    }

    public async Task<HistoryRecord?> PatchAsync(long id, string? notes, CallDisposition? disposition, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "UPDATE history SET notes = COALESCE(@notes, notes), notes_search = COALESCE(@notes_search, notes_search), " +
                "disposition = COALESCE(@disposition, disposition) " +
                "WHERE id = @id RETURNING " + Columns);
            Sql.Add(command, "@notes", notes);
            Sql.Add(command, "@notes_search", notes is null ? null : TextFolding.Fold(notes));
            Sql.Add(command, "@disposition", disposition is { } d ? Names.Of(d) : null);
            Sql.Add(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "saving the notes of call " + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async Task<int> MarkInterruptedAsync(DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var live = new List<(long Id, DateTimeOffset? AnsweredAt)>();
            await using (var select = Sql.Command(
                connection,
                transaction,
                _database.SharedByAgents
                    ? "SELECT id, answered_at FROM history WHERE disposition IS NULL AND owner = @owner"
                    : "SELECT id, answered_at FROM history WHERE disposition IS NULL"))
            {
                Sql.Add(select, "@owner", _database.InstanceId);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    live.Add((reader.GetInt64(0), _database.GetNullableTime(reader, 1)));
                }
            }

            await using (var update = Sql.Command(
                connection,
                transaction,
                "UPDATE history SET disposition = 'interrupted', ended_at = @ended_at, duration_seconds = @duration " +
                "WHERE id = @id AND disposition IS NULL"))
            {
                _database.AddTime(update, "@ended_at", endedAt);
                Sql.Add(update, "@duration", 0);
                Sql.Add(update, "@id", 0L);
                foreach (var (id, answeredAt) in live)
                {
                    var duration = answeredAt is { } a && endedAt > a ? (int)Math.Min(int.MaxValue, (endedAt - a).TotalSeconds) : 0;
                    Sql.Set(update, "@duration", duration);
                    Sql.Set(update, "@id", id);
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return live.Count;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "closing the calls left open by the last run");
        }
    }

    private DbCommand BuildQuery(DbConnection connection, HistoryQuery query, int limit)
    {
        var command = connection.CreateCommand();
        var where = new StringBuilder();
        void And(string condition) => where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(condition);

        if (query.ContactId is not null)
        {
            And("h.contact_id = @contact_id");
            Sql.Add(command, "@contact_id", query.ContactId);
        }

        if (query.E164 is not null)
        {
            And("h.remote_e164 = @e164");
            Sql.Add(command, "@e164", query.E164);
        }

        if (query.MatchKey is not null)
        {
            // The match key is the last digits of the number: a prefix of the reversed digits.
            var reversed = NumberKeys.ReversedDigits(query.MatchKey);
            And(reversed.Length == 0 ? "1 = 0" : "h.remote_digits_rev >= @key_from AND h.remote_digits_rev < @key_to");
            Sql.Add(command, "@key_from", reversed);
            Sql.Add(command, "@key_to", NumberKeys.PrefixEnd(reversed));
        }

        if (query.From is { } from)
        {
            And("h.started_at >= @from");
            _database.AddTime(command, "@from", from);
        }

        if (query.To is { } to)
        {
            And("h.started_at < @to");
            _database.AddTime(command, "@to", to);
        }

        if (query.Disposition is { } disposition)
        {
            And("h.disposition = @disposition");
            Sql.Add(command, "@disposition", Names.Of(disposition));
        }

        if (query.MissedNotCalledBack)
        {
            // A missed (or unanswered) inbound call stays "to call back" until a later call with the same number,
            // in either direction, is answered (ix_history_remote_key finds the later calls).
            And("h.direction = 'inbound' AND h.disposition IN ('missed', 'no-answer') AND NOT EXISTS " +
                "(SELECT 1 FROM history later WHERE later.remote_key = h.remote_key AND later.id > h.id AND later.disposition = 'answered')");
        }

        if (query.Text is { } text)
        {
            // A substring of the folded columns; the user's % and _ are escaped so they match literally.
            And("(h.search LIKE @text ESCAPE '\\' OR h.notes_search LIKE @text ESCAPE '\\')");
            Sql.Add(command, "@text", "%" + EscapeLike(TextFolding.Fold(text)) + "%");
        }

        if (query.Before is { } before)
        {
            And("h.id < @before");
            Sql.Add(command, "@before", before);
        }

        Sql.Add(command, "@limit", limit);
#pragma warning disable CA2100 // Built from constant fragments; every value is a parameter.
        command.CommandText = "SELECT " + Columns + " FROM history h" + where + " ORDER BY h.id DESC LIMIT @limit";
#pragma warning restore CA2100
        return command;
    }

    private void AddRecord(DbCommand command, HistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record.Remote);
        Sql.Add(command, "@call_id", record.CallId);
        Sql.Add(command, "@account_id", record.AccountId);
        Sql.Add(command, "@direction", Names.Of(record.Direction));
        Sql.Add(command, "@remote_raw", record.Remote.Raw ?? string.Empty);
        Sql.Add(command, "@remote_e164", record.Remote.E164);
        Sql.Add(command, "@remote_display_name", record.Remote.DisplayName);
        Sql.Add(command, "@remote_key", record.Remote.E164 ?? record.Remote.Raw ?? string.Empty);
        Sql.Add(command, "@remote_digits_rev", NumberKeys.ReversedDigits(record.Remote.E164 ?? record.Remote.Raw));
        Sql.Add(command, "@contact_id", record.Contact?.Id);
        Sql.Add(command, "@contact_name", record.Contact?.Name);
        Sql.Add(command, "@contact_company", record.Contact?.Company);
        Sql.Add(command, "@contact_crm_url", record.Contact?.CrmUrl);
        _database.AddTime(command, "@started_at", record.StartedAt);
        _database.AddTime(command, "@answered_at", record.AnsweredAt);
        _database.AddTime(command, "@ended_at", record.EndedAt);
        Sql.Add(command, "@duration_seconds", Math.Max(0, record.DurationSeconds));
        Sql.Add(command, "@disposition", record.Disposition is { } d ? Names.Of(d) : null);
        Sql.Add(command, "@notes", record.Notes);
        Sql.Add(command, "@search", SearchText(record.Contact?.Name, record.Remote.DisplayName, record.Remote.Raw));
        Sql.Add(command, "@notes_search", TextFolding.Fold(record.Notes));
    }

    /// <summary>
    /// The folded <c>search</c> column: the fields joined by a line feed, which folding never leaves in a text (it
    /// turns every white space into a space), so a search never matches across two fields.
    /// </summary>
    private static string SearchText(string? contactName, string? displayName, string? raw) =>
        TextFolding.Fold(contactName) + "\n" + TextFolding.Fold(displayName) + "\n" + TextFolding.Fold(raw);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// Migration step: fills the folded search columns of the records stored before they existed, a batch of records at a
    /// time in id order (a history of millions of calls is never held in memory at once).
    /// </summary>
    internal static async Task FillSearchAsync(Database database, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        const int BatchSize = 5000;
        await using var select = Sql.Command(
            connection, transaction,
            "SELECT id, contact_name, remote_display_name, remote_raw, notes FROM history WHERE id > @after ORDER BY id LIMIT @limit");
        Sql.Add(select, "@after", 0L);
        Sql.Add(select, "@limit", BatchSize);
        await using var update = Sql.Command(
            connection, transaction, "UPDATE history SET search = @search, notes_search = @notes_search WHERE id = @id");
        Sql.Add(update, "@search", string.Empty);
        Sql.Add(update, "@notes_search", string.Empty);
        Sql.Add(update, "@id", 0L);
        var rows = new List<(long Id, string Search, string NotesSearch)>(BatchSize);
        var after = 0L;
        do
        {
            rows.Clear();
            Sql.Set(select, "@after", after);
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add((
                        reader.GetInt64(0),
                        SearchText(Sql.GetString(reader, 1), Sql.GetString(reader, 2), Sql.GetString(reader, 3)),
                        TextFolding.Fold(Sql.GetString(reader, 4))));
                }
            }

            foreach (var (id, search, notesSearch) in rows)
            {
                Sql.Set(update, "@search", search);
                Sql.Set(update, "@notes_search", notesSearch);
                Sql.Set(update, "@id", id);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                after = id;
            }
        }
        while (rows.Count == BatchSize);
    }

    private HistoryRecord Read(DbDataReader reader)
    {
        var contactId = Sql.GetString(reader, 7);
        return new HistoryRecord(
            Id: reader.GetInt64(0),
            CallId: reader.GetString(1),
            AccountId: Sql.GetString(reader, 2),
            Direction: Names.ParseDirection(reader.GetString(3)),
            Remote: new RemoteParty(reader.GetString(4), Sql.GetString(reader, 5), Sql.GetString(reader, 6)),
            Contact: contactId is null
                ? null
                : new ContactRef(contactId, Sql.GetString(reader, 8) ?? string.Empty, Sql.GetString(reader, 9), Sql.GetString(reader, 10)),
            StartedAt: _database.GetTime(reader, 11),
            AnsweredAt: _database.GetNullableTime(reader, 12),
            EndedAt: _database.GetNullableTime(reader, 13),
            DurationSeconds: reader.GetInt32(14),
            Disposition: reader.IsDBNull(15) ? null : Names.ParseDisposition(reader.GetString(15)),
            Notes: Sql.GetString(reader, 16));
    }
}
