using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Core.Tests.Fakes;

/// <summary>A history store in a list (unit tests only).</summary>
public sealed class InMemoryHistoryStore : IHistoryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, HistoryRecord> _records = [];
    private long _next;

    public int MarkInterruptedCalls { get; private set; }

    public int FailuresToInject { get; set; }

    public IReadOnlyList<HistoryRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values.OrderBy(r => r.Id)];
            }
        }
    }

    public Task<long> InsertAsync(HistoryRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailuresToInject > 0)
            {
                FailuresToInject--;
                throw new IOException("injected failure");
            }

            var id = ++_next;
            _records[id] = record with { Id = id };
            return Task.FromResult(id);
        }
    }

    public Task UpdateAsync(HistoryRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records[record.Id] = record;
            return Task.CompletedTask;
        }
    }

    public Task<HistoryRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<HistoryRecord>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryRecord> result =
            [
                .. _records.Values
                    .Where(r => query.ContactId is null || r.Contact?.Id == query.ContactId)
                    .Where(r => query.E164 is null || r.Remote.E164 == query.E164)
                    .Where(r => query.MatchKey is null || (r.Remote.E164 ?? r.Remote.Raw).EndsWith(query.MatchKey, StringComparison.Ordinal))
                    .Where(r => query.From is null || r.StartedAt >= query.From)
                    .Where(r => query.To is null || r.StartedAt < query.To)
                    .Where(r => query.Disposition is null || r.Disposition == query.Disposition)
                    .Where(r => !query.MissedNotCalledBack || IsNotCalledBack(r))
                    .Where(r => query.Text is null || Contains(r, query.Text))
                    .Where(r => query.Before is null || r.Id < query.Before)
                    .OrderByDescending(r => r.Id)
                    .Take(query.Limit),
            ];
            return Task.FromResult(result);
        }
    }

    /// <summary>Case-insensitive only (the real stores also ignore accents).</summary>
    private static bool Contains(HistoryRecord record, string text) =>
        new[] { record.Contact?.Name, record.Remote.DisplayName, record.Remote.Raw, record.Notes }
            .Any(field => field is not null && field.Contains(text, StringComparison.OrdinalIgnoreCase));

    private bool IsNotCalledBack(HistoryRecord record) =>
        record.Direction == CallDirection.Inbound
        && record.Disposition is CallDisposition.Missed or CallDisposition.NoAnswer
        && !_records.Values.Any(later => later.Id > record.Id
            && later.Disposition == CallDisposition.Answered
            && (later.Remote.E164 ?? later.Remote.Raw) == (record.Remote.E164 ?? record.Remote.Raw));

    public Task<HistoryRecord?> PatchAsync(long id, string? notes, CallDisposition? disposition, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out var record))
            {
                return Task.FromResult<HistoryRecord?>(null);
            }

            record = record with { Notes = notes ?? record.Notes, Disposition = disposition ?? record.Disposition };
            _records[id] = record;
            return Task.FromResult<HistoryRecord?>(record);
        }
    }

    public Task<int> MarkInterruptedAsync(DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            MarkInterruptedCalls++;
            var live = _records.Values.Where(r => r.Disposition is null).ToList();
            foreach (var record in live)
            {
                _records[record.Id] = record with { Disposition = CallDisposition.Interrupted, EndedAt = endedAt };
            }

            return Task.FromResult(live.Count);
        }
    }
}
