using System.Data.Common;
using CtiConnector.Core.Model;

namespace CtiConnector.Storage.Relational;

/// <summary>The prepared statements of one contact import, reused for every contact of the batch.</summary>
internal sealed class ContactWriter : IAsyncDisposable
{
    private readonly Database _database;
    private readonly DbCommand _findByExternalId;
    private readonly DbCommand _findByNumber;
    private readonly DbCommand _insert;
    private readonly DbCommand _update;
    private readonly DbCommand _deleteNumbers;
    private readonly DbCommand _insertNumber;
    private readonly DbCommand _deleteTerms;
    private readonly DbCommand _insertTerm;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public ContactWriter(Database database, DbConnection connection, DbTransaction transaction)
    {
        _database = database;
        _findByExternalId = Sql.Command(connection, transaction, "SELECT id FROM contacts WHERE external_id = @external_id");
        Sql.Add(_findByExternalId, "@external_id", (string?)null);

        _findByNumber = Sql.Command(
            connection,
            transaction,
            "SELECT c.id FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id " +
            "WHERE c.name_key = @name_key AND (n.e164 = @e164 OR n.match_key = @match_key) " +
            "AND (@external_id IS NULL OR c.external_id IS NULL OR c.external_id = @external_id) ORDER BY c.id LIMIT 1");
        Sql.Add(_findByNumber, "@name_key", (string?)null);
        Sql.Add(_findByNumber, "@e164", (string?)null);
        Sql.Add(_findByNumber, "@match_key", (string?)null);
        Sql.Add(_findByNumber, "@external_id", (string?)null);

        _insert = Sql.Command(
            connection,
            transaction,
            "INSERT INTO contacts (id, external_id, name, company, email, crm_url, name_key, search, created_at, updated_at) " +
            "VALUES (@id, @external_id, @name, @company, @email, @crm_url, @name_key, @search, @now, @now)");
        AddContactParameters(_insert);

        _update = Sql.Command(
            connection,
            transaction,
            "UPDATE contacts SET external_id = COALESCE(@external_id, external_id), name = @name, company = @company, " +
            "email = @email, crm_url = @crm_url, name_key = @name_key, search = @search, updated_at = @now WHERE id = @id");
        AddContactParameters(_update);

        _deleteNumbers = Sql.Command(connection, transaction, "DELETE FROM contact_numbers WHERE contact_id = @id");
        Sql.Add(_deleteNumbers, "@id", (string?)null);

        _insertNumber = Sql.Command(
            connection,
            transaction,
            "INSERT INTO contact_numbers (contact_id, position, type, raw, e164, match_key, digits) " +
            "VALUES (@id, @position, @type, @raw, @e164, @match_key, @digits)");
        Sql.Add(_insertNumber, "@id", (string?)null);
        Sql.Add(_insertNumber, "@position", 0);
        Sql.Add(_insertNumber, "@type", (string?)null);
        Sql.Add(_insertNumber, "@raw", (string?)null);
        Sql.Add(_insertNumber, "@e164", (string?)null);
        Sql.Add(_insertNumber, "@match_key", (string?)null);
        Sql.Add(_insertNumber, "@digits", (string?)null);

        _deleteTerms = Sql.Command(connection, transaction, "DELETE FROM contact_terms WHERE contact_id = @id");
        Sql.Add(_deleteTerms, "@id", (string?)null);

        _insertTerm = Sql.Command(connection, transaction, "INSERT INTO contact_terms (term, contact_id) VALUES (@term, @id)");
        Sql.Add(_insertTerm, "@term", (string?)null);
        Sql.Add(_insertTerm, "@id", (string?)null);
    }

    /// <summary>The id of the stored contact this one updates: same external id, else one shared number and the same name.</summary>
    public async Task<string?> FindAsync(Contact contact, CancellationToken cancellationToken)
    {
        var externalId = Blank(contact.ExternalId);
        if (externalId is not null)
        {
            Sql.Set(_findByExternalId, "@external_id", externalId);
            if (await _findByExternalId.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string id)
            {
                return id;
            }
        }

        Sql.Set(_findByNumber, "@name_key", TextFolding.Fold(contact.Name));
        Sql.Set(_findByNumber, "@external_id", externalId);
        foreach (var number in contact.Numbers ?? [])
        {
            var e164 = Blank(number.E164);
            var matchKey = Blank(number.MatchKey);
            if (e164 is null && matchKey is null)
            {
                continue;
            }

            Sql.Set(_findByNumber, "@e164", e164);
            Sql.Set(_findByNumber, "@match_key", matchKey);
            if (await _findByNumber.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string id)
            {
                return id;
            }
        }

        return null;
    }

    public async Task InsertAsync(string id, Contact contact, CancellationToken cancellationToken)
    {
        SetContactParameters(_insert, id, contact);
        await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await InsertNumbersAsync(id, contact, cancellationToken).ConfigureAwait(false);
        await InsertTermsAsync(id, contact, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateAsync(string id, Contact contact, CancellationToken cancellationToken)
    {
        SetContactParameters(_update, id, contact);
        await _update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Sql.Set(_deleteNumbers, "@id", id);
        await _deleteNumbers.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await InsertNumbersAsync(id, contact, cancellationToken).ConfigureAwait(false);
        Sql.Set(_deleteTerms, "@id", id);
        await _deleteTerms.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await InsertTermsAsync(id, contact, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _findByExternalId.DisposeAsync().ConfigureAwait(false);
        await _findByNumber.DisposeAsync().ConfigureAwait(false);
        await _insert.DisposeAsync().ConfigureAwait(false);
        await _update.DisposeAsync().ConfigureAwait(false);
        await _deleteNumbers.DisposeAsync().ConfigureAwait(false);
        await _insertNumber.DisposeAsync().ConfigureAwait(false);
        await _deleteTerms.DisposeAsync().ConfigureAwait(false);
        await _insertTerm.DisposeAsync().ConfigureAwait(false);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private async Task InsertNumbersAsync(string id, Contact contact, CancellationToken cancellationToken)
    {
        var position = 0;
        Sql.Set(_insertNumber, "@id", id);
        foreach (var number in contact.Numbers ?? [])
        {
            Sql.Set(_insertNumber, "@position", position++);
            Sql.Set(_insertNumber, "@type", string.IsNullOrWhiteSpace(number.Type) ? "other" : number.Type);
            Sql.Set(_insertNumber, "@raw", number.Raw ?? number.E164 ?? string.Empty);
            Sql.Set(_insertNumber, "@e164", Blank(number.E164));
            Sql.Set(_insertNumber, "@match_key", Blank(number.MatchKey));
            Sql.Set(_insertNumber, "@digits", NumberKeys.Digits(number.Raw ?? number.E164));
            await _insertNumber.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InsertTermsAsync(string id, Contact contact, CancellationToken cancellationToken)
    {
        Sql.Set(_insertTerm, "@id", id);
        foreach (var term in TextFolding.Terms(SearchText(contact)))
        {
            Sql.Set(_insertTerm, "@term", term);
            await _insertTerm.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SearchText(Contact contact) => contact.Name + " " + contact.Company + " " + contact.Email;

    private void AddContactParameters(DbCommand command)
    {
        foreach (var name in (string[])["@id", "@external_id", "@name", "@company", "@email", "@crm_url", "@name_key", "@search"])
        {
            Sql.Add(command, name, (string?)null);
        }

        _database.AddTime(command, "@now", _now);
    }

    private static void SetContactParameters(DbCommand command, string id, Contact contact)
    {
        Sql.Set(command, "@id", id);
        Sql.Set(command, "@external_id", Blank(contact.ExternalId));
        Sql.Set(command, "@name", contact.Name);
        Sql.Set(command, "@company", contact.Company);
        Sql.Set(command, "@email", contact.Email);
        Sql.Set(command, "@crm_url", contact.CrmUrl);
        Sql.Set(command, "@name_key", TextFolding.Fold(contact.Name));
        Sql.Set(command, "@search", TextFolding.Fold(SearchText(contact)));
    }
}
