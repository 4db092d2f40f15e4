using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.Tests.Fakes;

/// <summary>A contact directory in a list (unit tests only).</summary>
public sealed class InMemoryContactStore : IContactStore
{
    private readonly List<Contact> _contacts = [];

    public InMemoryContactStore Add(Contact contact)
    {
        _contacts.Add(contact);
        return this;
    }

    public Task<Contact?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_contacts.FirstOrDefault(c => c.Id == id));

    public Task<Contact?> FindByNumberAsync(string? e164, string? matchKey, CancellationToken cancellationToken) =>
        Task.FromResult(
            _contacts.FirstOrDefault(c => e164 is not null && c.Numbers.Any(n => n.E164 == e164))
            ?? _contacts.FirstOrDefault(c => matchKey is not null && c.Numbers.Any(n => n.MatchKey == matchKey)));

    public Task<IReadOnlyList<Contact>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Contact>>(
            [.. _contacts.Where(c => c.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase)).Take(limit)]);

    public Task<IReadOnlyList<Contact>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        var ordered = _contacts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        var start = afterId is null ? 0 : ordered.FindIndex(c => c.Id == afterId) + 1;
        return Task.FromResult<IReadOnlyList<Contact>>([.. ordered.Skip(start).Take(limit)]);
    }

    public Task<ContactImportSummary> UpsertAsync(IReadOnlyList<Contact> contacts, CancellationToken cancellationToken)
    {
        foreach (var contact in contacts)
        {
            _contacts.Add(contact with { Id = $"c{_contacts.Count + 1}" });
        }

        return Task.FromResult(new ContactImportSummary(contacts.Count, 0));
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_contacts.RemoveAll(c => c.Id == id) > 0);
}
