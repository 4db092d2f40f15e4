using System.Data.Common;
using System.Security.Cryptography;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Relational;

/// <summary>
/// The contact directory over SQLite or PostgreSQL. Numbers live in their own table, indexed on E.164, match key and
/// raw digits; names are also stored folded (lower case, no accents) for matching and ordering, and the folded words
/// of name, company and e-mail go to <c>contact_terms</c>, so that a search is a few index ranges even with a million contacts.
/// </summary>
internal sealed partial class DbContactStore : IContactStore
{
    /// <summary>The largest page a search or a list returns, whatever the caller asks.</summary>
    public const int MaxLimit = 500;

    private const long UpsertLockKey = 0x4354_4902;
    private const int MaxSearchTerms = 4;

    /// <summary>Sorts after every character in UTF-8 byte order (SQLite BINARY, PostgreSQL "C"): the end of a prefix range.</summary>
    private const string TermEnd = "\U0010FFFF";

    private const string ContactColumns = "c.id, c.external_id, c.name, c.company, c.email, c.crm_url";
    private const string NumberColumns = "n.type, n.raw, n.e164, n.match_key";

    private readonly Database _database;

    public DbContactStore(Database database)
    {
        _database = database;
    }

    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Sql.Command(
                connection,
                null,
                "SELECT " + ContactColumns + ", " + NumberColumns +
                " FROM contacts c LEFT JOIN contact_numbers n ON n.contact_id = c.id WHERE c.id = @id ORDER BY n.position");
            Sql.Add(command, "@id", id);
            var contacts = await ReadContactsAsync(command, cancellationToken).ConfigureAwait(false);
            return contacts.Count == 0 ? null : contacts[0];
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "reading the contacts");
        }
    }

    public async Task<Contact?> FindByNumberAsync(string? e164, string? matchKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(e164) && string.IsNullOrEmpty(matchKey))
        {
            return null;
        }

        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // One statement: the exact E.164 match wins, the match key is the fallback; the smallest id breaks ties.
            await using var command = Sql.Command(
                connection,
                null,
                "SELECT " + ContactColumns + ", " + NumberColumns +
                " FROM contacts c LEFT JOIN contact_numbers n ON n.contact_id = c.id WHERE c.id = COALESCE(" +
                "(SELECT x.contact_id FROM contact_numbers x WHERE x.e164 = @e164 ORDER BY x.contact_id LIMIT 1), " +
                "(SELECT y.contact_id FROM contact_numbers y WHERE y.match_key = @match_key ORDER BY y.contact_id LIMIT 1)) " +
                "ORDER BY n.position");
            Sql.Add(command, "@e164", string.IsNullOrEmpty(e164) ? null : e164);
            Sql.Add(command, "@match_key", string.IsNullOrEmpty(matchKey) ? null : matchKey);
            var contacts = await ReadContactsAsync(command, cancellationToken).ConfigureAwait(false);
            return contacts.Count == 0 ? null : contacts[0];
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "looking up a number in the contacts");
        }
    }

    public async Task<IReadOnlyList<Contact>> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return await ListAsync(null, limit, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // Every word of the text must start a word of the name, company or e-mail (an index range per word);
            // text without letters or digits falls back to a substring scan of the folded search column.
            var terms = TextFolding.Terms(text);
            string condition;
            if (terms.Count == 0)
            {
                condition = "c.search LIKE @pattern ESCAPE '\\'";
                Sql.Add(command, "@pattern", "%" + EscapeLike(TextFolding.Fold(text)) + "%");
            }
            else
            {
                condition = await TermConditionAsync(connection, command, terms, cancellationToken).ConfigureAwait(false);
            }

            if (NumberKeys.LooksLikeNumber(text))
            {
                var digits = NumberKeys.Digits(text);
                var e164 = "+" + digits;
                condition += " OR c.id IN (SELECT n2.contact_id FROM contact_numbers n2 WHERE " +
                    "(n2.e164 >= @e164_from AND n2.e164 < @e164_to) OR (n2.digits >= @digits_from AND n2.digits < @digits_to))";
                Sql.Add(command, "@e164_from", e164);
                Sql.Add(command, "@e164_to", NumberKeys.PrefixEnd(e164));
                Sql.Add(command, "@digits_from", digits);
                Sql.Add(command, "@digits_to", NumberKeys.PrefixEnd(digits));
            }

            Sql.Add(command, "@limit", Math.Clamp(limit, 1, MaxLimit));
#pragma warning disable CA2100 // Built from constant fragments; every value is a parameter.
            command.CommandText =
                "SELECT " + ContactColumns + ", " + NumberColumns + " FROM (SELECT id, external_id, name, company, email, crm_url, name_key " +
                "FROM contacts c WHERE " + condition + " ORDER BY c.name_key, c.id LIMIT @limit) c " +
                "LEFT JOIN contact_numbers n ON n.contact_id = c.id ORDER BY c.name_key, c.id, n.position";
#pragma warning restore CA2100
            return await ReadContactsAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "searching the contacts");
        }
    }

    public async Task<IReadOnlyList<Contact>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            var condition = string.Empty;
            if (afterId is not null)
            {
                // The cursor is the last contact of the previous page: continue after its (folded name, id).
                condition = " WHERE (c.name_key, c.id) > ((SELECT a.name_key FROM contacts a WHERE a.id = @after), @after)";
                Sql.Add(command, "@after", afterId);
            }

            Sql.Add(command, "@limit", Math.Clamp(limit, 1, MaxLimit));
#pragma warning disable CA2100 // Built from constant fragments; every value is a parameter.
            command.CommandText =
                "SELECT " + ContactColumns + ", " + NumberColumns + " FROM (SELECT id, external_id, name, company, email, crm_url, name_key " +
                "FROM contacts c" + condition + " ORDER BY c.name_key, c.id LIMIT @limit) c " +
                "LEFT JOIN contact_numbers n ON n.contact_id = c.id ORDER BY c.name_key, c.id, n.position";
#pragma warning restore CA2100
            return await ReadContactsAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "listing the contacts");
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var table in (string[])["DELETE FROM contact_numbers WHERE contact_id = @id", "DELETE FROM contact_terms WHERE contact_id = @id"])
            {
                await using var children = Sql.Command(connection, transaction, table);
                Sql.Add(children, "@id", id);
                await children.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            int deleted;
            await using (var contact = Sql.Command(connection, transaction, "DELETE FROM contacts WHERE id = @id"))
            {
                Sql.Add(contact, "@id", id);
                deleted = await contact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }
        catch (DbException e)
        {
            throw _database.Translate(e, "deleting a contact");
        }
    }

    internal static string NewId()
    {
        // "c" + 12 base-32 characters (60 random bits): short, URL-safe, no coordination between agents.
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var value = BitConverter.ToUInt64(bytes);
        Span<char> id = stackalloc char[13];
        id[0] = 'c';
        for (var i = 1; i < id.Length; i++)
        {
            id[i] = alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(id);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private static async Task<List<Contact>> ReadContactsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var contacts = new List<Contact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? currentId = null;
        List<ContactPhone>? numbers = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (id != currentId)
            {
                currentId = id;
                numbers = [];
                contacts.Add(new Contact(
                    id, Sql.GetString(reader, 1), reader.GetString(2), Sql.GetString(reader, 3), Sql.GetString(reader, 4), Sql.GetString(reader, 5), numbers));
            }

            if (!reader.IsDBNull(6))
            {
                numbers!.Add(new ContactPhone(reader.GetString(6), reader.GetString(7), Sql.GetString(reader, 8), Sql.GetString(reader, 9)));
            }
        }

        return contacts;
    }
}
