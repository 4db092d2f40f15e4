using CtiConnector.Contacts;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;
using CtiConnector.Core.Numbers;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.Calls;

public sealed partial class CallCenter
{
    /// <summary>Most history records a query returns.</summary>
    public const int MaxHistoryLimit = 500;

    /// <summary>Most characters of history notes.</summary>
    public const int MaxNotesLength = 10_000;

    /// <summary>History, newest first, filtered by number (any format: matched by its match key) and/or contact.</summary>
    public Task<IReadOnlyList<HistoryRecord>> QueryHistoryAsync(
        string? number,
        string? contactId,
        int? limit,
        long? before,
        CancellationToken cancellationToken) =>
        QueryHistoryAsync(new HistoryFilter(number, contactId), limit, before, cancellationToken);

    /// <summary>History, newest first, selected by <paramref name="filter"/>, one page of <paramref name="limit"/> before the id <paramref name="before"/>.</summary>
    public async Task<IReadOnlyList<HistoryRecord>> QueryHistoryAsync(
        HistoryFilter filter,
        int? limit,
        long? before,
        CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        if (take < 1 || take > MaxHistoryLimit)
        {
            throw new CallCenterException("bad-request", $"limit must be between 1 and {MaxHistoryLimit}.");
        }

        if (ToHistoryQuery(filter) is not { } query)
        {
            return [];
        }

        return await _history.QueryAsync(query with { Before = before, Limit = take }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the whole history <paramref name="filter"/> selects as CSV (<see cref="HistoryCsv"/>), newest first.</summary>
    public async Task ExportHistoryAsync(HistoryFilter filter, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var query = ToHistoryQuery(filter);
        if (query is null)
        {
            await writer.WriteAsync(new CsvWriter(writer).Format(HistoryCsv.Header).AsMemory(), cancellationToken).ConfigureAwait(false);
            return;
        }

        await HistoryCsv.WriteAsync(_history, query, writer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the whole local directory as CSV (<see cref="DirectoryCsv"/>), which the import reads back.</summary>
    public Task ExportContactsAsync(TextWriter writer, CancellationToken cancellationToken) =>
        DirectoryCsv.WriteAsync(_contacts, writer, cancellationToken);

    /// <summary>The store query of <paramref name="filter"/>; null when it cannot match anything (a number that is no number).</summary>
    private HistoryQuery? ToHistoryQuery(HistoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            throw new CallCenterException("bad-request", "to must be later than from.");
        }

        string? e164 = null;
        string? matchKey = null;
        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var normalized = Normalize(filter.Number.Trim());
            if (normalized.MatchKey is null && normalized.E164 is null)
            {
                return null;
            }

            matchKey = normalized.MatchKey;
            e164 = matchKey is null ? normalized.E164 : null;
        }

        return new HistoryQuery(
            ContactId: string.IsNullOrWhiteSpace(filter.ContactId) ? null : filter.ContactId,
            E164: e164,
            MatchKey: matchKey,
            From: filter.From,
            To: filter.To,
            MissedNotCalledBack: filter.MissedNotCalledBack,
            Text: ToHistoryText(filter.Text));
    }

    /// <summary>The searched text of a filter built in code (the doors check it in <see cref="HistoryFilter.TryParse"/>).</summary>
    private static string? ToHistoryText(string? text) =>
        HistoryFilter.TryText(text, out var trimmed) ? trimmed : throw new CallCenterException("bad-request", HistoryFilter.TextError);

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

    /// <summary>
    /// The contact of <paramref name="number"/> (zero or one), found as an incoming call from it would be (the same
    /// <see cref="ContactResolver"/>): the local directory first, then the contact sources (CRM plugins) in order, within
    /// the lookup budget; a source that throws or does not answer in time counts as a miss. A source's contact becomes a
    /// <see cref="Contact"/> carrying the source's id, name, company and CRM link, and the number asked as its one number.
    /// </summary>
    public async Task<IReadOnlyList<Contact>> LookupContactsAsync(string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        var raw = number.Trim();
        var normalized = Normalize(raw);
        var match = await _resolver.FindAsync(new RemoteParty(raw, normalized.E164, null), normalized.MatchKey, cancellationToken).ConfigureAwait(false);
        return match switch
        {
            null => [],
            { Directory: { } directory } => [directory],
            _ => [FromSource(match.Contact, raw, normalized)],
        };
    }

    /// <summary>A source's contact as a directory-shaped <see cref="Contact"/>: it is known to own the number looked up.</summary>
    private static Contact FromSource(ContactRef contact, string raw, NormalizedNumber number) =>
        new(contact.Id, null, contact.Name, contact.Company, null, contact.CrmUrl, [new ContactPhone("other", raw, number.E164, number.MatchKey)]);

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
