using CtiConnector.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.Contacts;

/// <summary>
/// The local directory as CSV (the columns of <see cref="ContactCsvColumns"/>, ordered by name), which the contact
/// import reads back. The directory is read twice, page by page: once to size the number columns, once to write, so
/// a large directory is never held in memory.
/// </summary>
public static class DirectoryCsv
{
    /// <summary>Contacts read from the store per query while exporting.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>Writes the header, then every contact of <paramref name="store"/>.</summary>
    public static async Task WriteAsync(IContactStore store, TextWriter writer, CancellationToken cancellationToken, int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var columns = new ContactCsvColumns();
        await foreach (var contact in ReadAllAsync(store, pageSize, cancellationToken).ConfigureAwait(false))
        {
            columns.Include(ToCard(contact));
        }

        var csv = new CsvWriter(writer, new CsvWriteOptions { ProtectFormulas = true });
        await writer.WriteAsync(csv.Format(columns.Header()).AsMemory(), cancellationToken).ConfigureAwait(false);
        await foreach (var contact in ReadAllAsync(store, pageSize, cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(csv.Format(columns.Row(ToCard(contact))).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A directory contact as the card the CSV writer and reader share (the CRM id goes in the Id column).</summary>
    public static ContactCard ToCard(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new ContactCard
        {
            ExternalId = contact.ExternalId,
            Name = contact.Name,
            Company = contact.Company,
            Email = contact.Email,
            CrmUrl = contact.CrmUrl,
            Numbers = [.. contact.Numbers.Select(n => new ContactNumber(TypeOf(n.Type), n.Raw))],
        };
    }

    private static async IAsyncEnumerable<Contact> ReadAllAsync(
        IContactStore store, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var contact in page)
            {
                yield return contact;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    private static ContactNumberType TypeOf(string type) =>
        Enum.TryParse<ContactNumberType>(type, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : ContactNumberType.Other;
}
