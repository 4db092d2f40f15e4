using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;
using CtiConnector.Storage;

namespace CtiConnector.Benchmarks.Storage;

/// <summary>
/// The storage on the screen-pop and history paths, on SQLite (the default): lookup of a caller's number in a
/// directory of <see cref="ContactCount"/> contacts (target: p99 under 1 ms with 1,000,000), the match-key fallback
/// for an unknown number, a name search, inserting a history record (durable: WAL, synchronous commit) and a contact's timeline.
/// Every invocation is timed on its own (monitoring strategy), so the P95/P99/Max columns are per-operation latencies.
/// The directory is built once per count and kept in the temp folder (<c>cti-bench-directory-s1-N</c>, delete it after
/// a schema change) for later runs.
/// Run: <c>dotnet run -c Release --project benchmarks/CtiConnector.Benchmarks -- --filter *DirectoryBenchmark*</c>.
/// </summary>
[Config(typeof(DirectoryBenchmarkConfig))]
public class DirectoryBenchmark
{
    private const int HistoryPerContact = 20;
    private const int TimelineContacts = 100;

    private StorageHandle? _storage;
    private IContactStore _contacts = null!;
    private IHistoryStore _history = null!;
    private Random _random = new(1);
    private long _insertCounter;

    /// <summary>How many contacts the directory holds (each with two numbers).</summary>
    [Params(10_000, 1_000_000)]
    public int ContactCount { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cti-bench-directory-s1-" + ContactCount.ToString(CultureInfo.InvariantCulture));
        var complete = Path.Combine(directory, "complete");
        if (!File.Exists(complete))
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            await BuildAsync(directory);
            await File.WriteAllTextAsync(complete, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        }

        _storage = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = directory, InstanceId = "bench" }, null, CancellationToken.None);
        _contacts = _storage.Contacts;
        _history = _storage.History;
        _random = new Random(7);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    /// <summary>Screen pop: a known caller, exact E.164 match.</summary>
    [Benchmark]
    public Task<Contact?> LookupKnownNumber()
    {
        var i = _random.Next(ContactCount);
        return _contacts.FindByNumberAsync(Work(i), Key(Work(i)), CancellationToken.None);
    }

    /// <summary>Screen pop: an unknown caller (E.164 miss, then match-key miss).</summary>
    [Benchmark]
    public Task<Contact?> LookupUnknownNumber()
    {
        var e164 = "+4420" + _random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        return _contacts.FindByNumberAsync(e164, Key(e164), CancellationToken.None);
    }

    /// <summary>Contacts page: a search by the start of a name and of a company (index ranges on contact_terms).</summary>
    [Benchmark]
    public Task<IReadOnlyList<Contact>> SearchByNameAndCompany() =>
        _contacts.SearchAsync(
            "contact " + _random.Next(ContactCount).ToString(CultureInfo.InvariantCulture) + " comp", 20, CancellationToken.None);

    /// <summary>A call starts: its record is written (and committed durably) before anything else happens.</summary>
    [Benchmark]
    public Task<long> InsertHistoryRecord()
    {
        var i = _random.Next(ContactCount);
        var n = Interlocked.Increment(ref _insertCounter);
        return _history.InsertAsync(
            new HistoryRecord(
                0,
                "bench-" + n.ToString(CultureInfo.InvariantCulture),
                "acct",
                CallDirection.Inbound,
                new RemoteParty(Work(i), Work(i), null),
                new ContactRef(ContactId(i), "Contact " + i.ToString(CultureInfo.InvariantCulture), null, null),
                DateTimeOffset.UtcNow,
                null,
                null,
                0,
                null,
                null),
            CancellationToken.None);
    }

    /// <summary>Contact card: the 50 newest calls with a contact.</summary>
    [Benchmark]
    public Task<IReadOnlyList<HistoryRecord>> ContactTimeline() =>
        _history.QueryAsync(new HistoryQuery(E164: Work(_random.Next(TimelineContacts)), Limit: 50), CancellationToken.None);

    private static string Work(int i) => "+331" + i.ToString("D8", CultureInfo.InvariantCulture);

    private static string Mobile(int i) => "+336" + i.ToString("D8", CultureInfo.InvariantCulture);

    private static string Key(string e164) => e164[^9..];

    private static string ContactId(int i) => "x" + i.ToString(CultureInfo.InvariantCulture);

    private async Task BuildAsync(string directory)
    {
        await using var storage = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = directory, InstanceId = "bench" }, null, CancellationToken.None);
        const int batch = 20_000;
        for (var start = 0; start < ContactCount; start += batch)
        {
            var contacts = new List<Contact>(batch);
            for (var i = start; i < Math.Min(ContactCount, start + batch); i++)
            {
                var name = "Contact " + i.ToString(CultureInfo.InvariantCulture);
                contacts.Add(new Contact(
                    string.Empty,
                    ContactId(i),
                    name,
                    "Company " + (i % 5000).ToString(CultureInfo.InvariantCulture),
                    null,
                    null,
                    [
                        new ContactPhone("work", Work(i), Work(i), Key(Work(i))),
                        new ContactPhone("mobile", Mobile(i), Mobile(i), Key(Mobile(i))),
                    ]));
            }

            await storage.Contacts.UpsertAsync(contacts, CancellationToken.None);
        }

        // A history for the first contacts, so the timeline query reads a realistic page.
        var startedAt = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < TimelineContacts; i++)
        {
            for (var j = 0; j < HistoryPerContact; j++)
            {
                await storage.History.InsertAsync(
                    new HistoryRecord(
                        0,
                        "seed-" + i.ToString(CultureInfo.InvariantCulture) + "-" + j.ToString(CultureInfo.InvariantCulture),
                        "acct",
                        j % 2 == 0 ? CallDirection.Inbound : CallDirection.Outbound,
                        new RemoteParty(Work(i), Work(i), null),
                        null,
                        startedAt.AddMinutes((i * HistoryPerContact) + j),
                        null,
                        startedAt.AddMinutes((i * HistoryPerContact) + j + 1),
                        60,
                        CallDisposition.Answered,
                        null),
                    CancellationToken.None);
            }
        }
    }

    /// <summary>One timed invocation per iteration, so that percentiles are per operation; P99 is added to the summary.</summary>
    private sealed class DirectoryBenchmarkConfig : ManualConfig
    {
        public DirectoryBenchmarkConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(200)
                .WithIterationCount(3000)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
            AddColumn(StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
        }
    }

    /// <summary>The 99th percentile of the per-invocation times.</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => nameof(P99Column);

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of the per-operation time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null
                ? "NA"
                : (statistics.Percentiles.Percentile(99) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) + " us";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
