using CtiConnector.Core.Model;

namespace CtiConnector.Core.Contacts;

/// <summary>Reads an import file (CSV with a header row, vCard 3/4) into contacts. Backed by <c>CtiConnector.Contacts</c>.</summary>
public interface IContactFileReader
{
    /// <summary>True when <paramref name="mediaType"/> (e.g. <c>text/csv</c>, <c>text/vcard</c>) can be read.</summary>
    bool CanRead(string mediaType);

    /// <summary>Reads every contact of <paramref name="content"/>; throws <see cref="FormatException"/> on a malformed file.</summary>
    Task<IReadOnlyList<Contact>> ReadAsync(string mediaType, Stream content, CancellationToken cancellationToken);
}
