using CtiConnector.Core.Model;

namespace CtiConnector.Core.Storage;

/// <summary>The local contact directory.</summary>
public interface IContactStore
{
    Task<Contact?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Exact E.164 match first, then the match-key fallback ("last N digits"). Null when nobody matches.</summary>
    Task<Contact?> FindByNumberAsync(string? e164, string? matchKey, CancellationToken cancellationToken);

    /// <summary>Search by name, company or number prefix.</summary>
    Task<IReadOnlyList<Contact>> SearchAsync(string text, int limit, CancellationToken cancellationToken);

    /// <summary>All contacts ordered by name, in pages (for export).</summary>
    Task<IReadOnlyList<Contact>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates all the contacts in one transaction (all or nothing). A contact matches an existing one by
    /// <see cref="Contact.ExternalId"/>, else by one shared number and the same name; a matched contact is updated.
    /// The <see cref="Contact.Id"/> of new contacts is assigned by the store.
    /// </summary>
    Task<ContactImportSummary> UpsertAsync(IReadOnlyList<Contact> contacts, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>What an import changed.</summary>
public sealed record ContactImportSummary(int Inserted, int Updated);
