using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.Calls;

public sealed partial class CallCenter
{
    /// <summary>Most history records a query returns.</summary>
    public const int MaxHistoryLimit = 500;

    /// <summary>Most characters of history notes.</summary>
    public const int MaxNotesLength = 10_000;

    /// <summary>History, newest first, filtered by number (any format: matched by its match key) and/or contact.</summary>
    public async Task<IReadOnlyList<HistoryRecord>> QueryHistoryAsync(
        string? number,
        string? contactId,
        int? limit,
        long? before,
        CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take < 1 || take > MaxHistoryLimit)
        {
            throw new CallCenterException("bad-request", $"limit must be between 1 and {MaxHistoryLimit}.");
        }

        string? e164 = null;
        string? matchKey = null;
        if (!string.IsNullOrWhiteSpace(number))
        {
            var normalized = Normalize(number.Trim());
            if (normalized.MatchKey is null && normalized.E164 is null)
            {
                return [];
            }

            matchKey = normalized.MatchKey;
            e164 = matchKey is null ? normalized.E164 : null;
        }

        var query = new HistoryQuery(
            ContactId: string.IsNullOrWhiteSpace(contactId) ? null : contactId,
            E164: e164,
            MatchKey: matchKey,
            Before: before,
            Limit: take);
        return await _history.QueryAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One history record, or null.</summary>
    public Task<HistoryRecord?> GetHistoryAsync(long id, CancellationToken cancellationToken) => _history.GetAsync(id, cancellationToken);

    /// <summary>Edits the notes and/or disposition of a finished call record.</summary>
    public async Task<HistoryRecord> PatchHistoryAsync(long id, string? notes, CallDisposition? disposition, CancellationToken cancellationToken)
    {
        if (notes is { Length: > MaxNotesLength })
        {
            throw new CallCenterException("bad-request", $"notes are limited to {MaxNotesLength} characters.");
        }

        var existing = await _history.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CallCenterException("not-found", $"There is no history record {id}.");
        if (existing.Disposition is null)
        {
            throw new CallCenterException("invalid-state", $"History record {id} is a live call; edit it once the call has ended.");
        }

        return await _history.PatchAsync(id, notes, disposition, cancellationToken).ConfigureAwait(false)
            ?? throw new CallCenterException("not-found", $"There is no history record {id}.");
    }

    /// <summary>The directory contact that owns <paramref name="number"/> (zero or one).</summary>
    public async Task<IReadOnlyList<Contact>> LookupContactsAsync(string number, CancellationToken cancellationToken)
    {
        var normalized = Normalize(number.Trim());
        if (normalized.E164 is null && normalized.MatchKey is null)
        {
            return [];
        }

        var contact = await _contacts.FindByNumberAsync(normalized.E164, normalized.MatchKey, cancellationToken).ConfigureAwait(false);
        return contact is null ? [] : [contact];
    }

    /// <summary>Contacts whose name, company or number starts with <paramref name="text"/>.</summary>
    public Task<IReadOnlyList<Contact>> SearchContactsAsync(string text, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take < 1 || take > MaxHistoryLimit)
        {
            throw new CallCenterException("bad-request", $"limit must be between 1 and {MaxHistoryLimit}.");
        }

        return _contacts.SearchAsync(text.Trim(), take, cancellationToken);
    }

    /// <summary>One contact, or null.</summary>
    public Task<Contact?> GetContactAsync(string id, CancellationToken cancellationToken) => _contacts.GetAsync(id, cancellationToken);

    /// <summary>Imports a CSV or vCard file into the directory, all or nothing.</summary>
    public async Task<ContactImportSummary> ImportContactsAsync(string mediaType, Stream content, CancellationToken cancellationToken)
    {
        if (_fileReader is null || !_fileReader.CanRead(mediaType))
        {
            throw new CallCenterException("unsupported-media-type", "Contacts are imported from text/csv or text/vcard.");
        }

        IReadOnlyList<Contact> contacts;
        try
        {
            contacts = await _fileReader.ReadAsync(mediaType, content, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new CallCenterException("bad-request", ex.Message, ex);
        }

        var summary = await _contacts.UpsertAsync(contacts, cancellationToken).ConfigureAwait(false);
        LogImported(summary.Inserted, summary.Updated);
        return summary;
    }
}
