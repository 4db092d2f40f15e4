namespace CtiConnector.Contacts;

/// <summary>
/// A contact as read from (or written to) a CSV or vCard file: a plain import DTO with no storage
/// identity. Numbers are kept as written; the directory normalises them.
/// </summary>
public sealed record ContactCard
{
    /// <summary>The source's own identifier (CSV id column, vCard UID), or null.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The display name (never empty in a card the readers return).</summary>
    public required string Name { get; init; }

    /// <summary>Company or organisation, or null.</summary>
    public string? Company { get; init; }

    /// <summary>First e-mail address, or null.</summary>
    public string? Email { get; init; }

    /// <summary>Link to the contact in the CRM (CSV url column, vCard URL), or null.</summary>
    public string? CrmUrl { get; init; }

    /// <summary>The contact's numbers in file order.</summary>
    public IReadOnlyList<ContactNumber> Numbers { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ContactCard? other) =>
        other is not null
        && ExternalId == other.ExternalId && Name == other.Name && Company == other.Company
        && Email == other.Email && CrmUrl == other.CrmUrl && Numbers.SequenceEqual(other.Numbers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ExternalId, Name, Company, Numbers.Count);
}
