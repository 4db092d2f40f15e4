using System.Globalization;
using CtiConnector.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.History;

/// <summary>
/// The call history as CSV (RFC 4180, one record per line, newest first), for spreadsheets and CRMs. Times are UTC,
/// ISO 8601; dispositions and directions are the API's names.
/// </summary>
/// <example>
/// <code>
/// Id,Call Id,Direction,Number,E164,Display Name,Contact Id,Contact,Company,Started At,Answered At,Ended At,Duration Seconds,Disposition,Notes,Account
/// 12,c-7f3a,inbound,0123456789,+33123456789,Hervé,ct-1,Hervé Lefèvre,Lefèvre Conseil,2026-03-02T09:30:00Z,,2026-03-02T09:30:20Z,0,missed,,
/// </code>
/// </example>
public static class HistoryCsv
{
    /// <summary>Records read from the store per query while exporting.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>The header row.</summary>
    public static IReadOnlyList<string> Header { get; } =
    [
        "Id", "Call Id", "Direction", "Number", "E164", "Display Name", "Contact Id", "Contact", "Company",
        "Started At", "Answered At", "Ended At", "Duration Seconds", "Disposition", "Notes", "Account",
    ];

    /// <summary>One record as a row of <see cref="Header"/>'s columns.</summary>
    public static IReadOnlyList<string?> Row(HistoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return
        [
            record.Id.ToString(CultureInfo.InvariantCulture),
            record.CallId,
            record.Direction == CallDirection.Inbound ? "inbound" : "outbound",
            record.Remote.Raw,
            record.Remote.E164,
            record.Remote.DisplayName,
            record.Contact?.Id,
            record.Contact?.Name,
            record.Contact?.Company,
            Time(record.StartedAt),
            Time(record.AnsweredAt),
            Time(record.EndedAt),
            record.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            record.Disposition is { } disposition ? DispositionName(disposition) : null,
            record.Notes,
            record.AccountId,
        ];
    }

    /// <summary>
    /// Writes the header, then every record <paramref name="query"/> selects (its <see cref="HistoryQuery.Limit"/> and
    /// <see cref="HistoryQuery.Before"/> are replaced: the whole selection is read page by page, newest first).
    /// </summary>
    public static async Task WriteAsync(
        IHistoryStore store,
        HistoryQuery query,
        TextWriter writer,
        CancellationToken cancellationToken,
        int pageSize = DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var csv = new CsvWriter(writer, new CsvWriteOptions { ProtectFormulas = true });
        await writer.WriteAsync(csv.Format(Header).AsMemory(), cancellationToken).ConfigureAwait(false);
        long? before = null;
        while (true)
        {
            var page = await store.QueryAsync(query with { Before = before, Limit = pageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                await writer.WriteAsync(csv.Format(Row(record)).AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            if (page.Count < pageSize)
            {
                return;
            }

            before = page[^1].Id;
        }
    }

    /// <summary>The API's name of <paramref name="disposition"/>.</summary>
    public static string DispositionName(CallDisposition disposition) => disposition switch
    {
        CallDisposition.Answered => "answered",
        CallDisposition.Missed => "missed",
        CallDisposition.Declined => "declined",
        CallDisposition.Busy => "busy",
        CallDisposition.Failed => "failed",
        CallDisposition.Cancelled => "cancelled",
        CallDisposition.NoAnswer => "no-answer",
        _ => "interrupted",
    };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
