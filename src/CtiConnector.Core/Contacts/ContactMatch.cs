using CtiConnector.Core.Model;

namespace CtiConnector.Core.Contacts;

/// <summary>A contact <see cref="ContactResolver"/> found, and where.</summary>
/// <param name="Contact">The contact as calls and history carry it.</param>
/// <param name="Source"><see cref="ContactResolver.DirectorySource"/>, or the <see cref="IContactSource.Name"/> that answered.</param>
/// <param name="Directory">The whole directory record when the local directory found it; null for a source's hit.</param>
public sealed record ContactMatch(ContactRef Contact, string Source, Contact? Directory);
