using System.Data.Common;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Relational;

internal sealed partial class DbContactStore
{
    public async Task<ContactImportSummary> UpsertAsync(IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (contacts.Count == 0)
        {
            return new ContactImportSummary(0, 0);
        }

        var index = 0;
        try
        {
            await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

            // Imports run one at a time (across agents too), so two imports of the same new contact cannot both insert it.
            await _database.LockAsync(transaction, UpsertLockKey, cancellationToken).ConfigureAwait(false);
            await using var writer = new ContactWriter(_database, connection, transaction);
            int inserted = 0, updated = 0;
            for (; index < contacts.Count; index++)
            {
                var contact = contacts[index] ?? throw new ArgumentException($"Contact {index + 1} of the import is null.", nameof(contacts));
                var existing = await writer.FindAsync(contact, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    await writer.InsertAsync(NewId(), contact, cancellationToken).ConfigureAwait(false);
                    inserted++;
                }
                else
                {
                    await writer.UpdateAsync(existing, contact, cancellationToken).ConfigureAwait(false);
                    updated++;
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ContactImportSummary(inserted, updated);
        }
        catch (DbException e)
        {
            var name = index < contacts.Count ? contacts[index]?.Name : null;
            throw _database.Translate(
                e, $"saving contact {index + 1} of {contacts.Count} (\"{name}\"); nothing of this import was saved");
        }
    }
}
