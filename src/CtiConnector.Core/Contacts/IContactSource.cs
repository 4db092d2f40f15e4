using CtiConnector.Core.Model;

namespace CtiConnector.Core.Contacts;

/// <summary>
/// A place beyond the local directory where a caller can be found (a CRM plugin). Sources are asked in order
/// after the local directory misses; the first hit wins. A source may be slow, hang or throw: the caller bounds it.
/// </summary>
public interface IContactSource
{
    /// <summary>A short name for logs (e.g. <c>webhook</c>).</summary>
    string Name { get; }

    /// <summary>Finds the contact for <paramref name="remote"/>, or null. Must honour <paramref name="cancellationToken"/>.</summary>
    Task<ContactRef?> LookupAsync(RemoteParty remote, CancellationToken cancellationToken);
}
