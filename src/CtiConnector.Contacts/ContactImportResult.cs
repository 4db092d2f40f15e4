namespace CtiConnector.Contacts;

/// <summary>
/// Everything an import read: every card, every bad line with its reason, and the records that were
/// well-formed but carried no phone number. The reader never stops at the first problem, so the
/// caller can show them all and refuse the whole import when <see cref="Errors"/> is not empty.
/// </summary>
public sealed class ContactImportResult
{
    internal ContactImportResult(
        ContactFormat format, string encoding, IReadOnlyList<ContactCard> cards, IReadOnlyList<ContactImportIssue> errors, IReadOnlyList<ContactImportIssue> skipped)
    {
        Format = format;
        Encoding = encoding;
        Cards = cards;
        Errors = errors;
        Skipped = skipped;
    }

    /// <summary>The format that was read.</summary>
    public ContactFormat Format { get; }

    /// <summary>The text encoding that was detected: <c>utf-8</c>, <c>utf-16</c> or <c>windows-1252</c>.</summary>
    public string Encoding { get; }

    /// <summary>The contacts read, in file order.</summary>
    public IReadOnlyList<ContactCard> Cards { get; }

    /// <summary>Malformed records (bad quoting, unreadable numbers, no name...), in file order.</summary>
    public IReadOnlyList<ContactImportIssue> Errors { get; }

    /// <summary>Well-formed records left out because they have no phone number.</summary>
    public IReadOnlyList<ContactImportIssue> Skipped { get; }

    /// <summary>True when no record was malformed.</summary>
    public bool IsClean => Errors.Count == 0;
}
