using System.Globalization;
using System.Text;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Tests;

/// <summary>
/// The behaviour of <see cref="IHistoryStore"/>, run against each provider by a subclass. Each test has its own
/// empty database. Not verified here: crash recovery of the files themselves (see SqliteDatabaseTests).
/// </summary>
public abstract class HistoryStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private IStorageTarget? _target;

    protected IStorageTarget Target => _target ??= CreateTarget();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    [Fact]
    public async Task InsertedRecordIsReadBackWithTheRemotePartyAndContactKnownAtCallTime()
    {
        var store = (await Target.OpenAsync()).History;
        var record = Record("call-1", "+33123456789", CallDirection.Inbound, T0) with
        {
            AccountId = "acct-1",
            Remote = new RemoteParty("0123456789", "+33123456789", "Alice Martin"),
            Contact = new ContactRef("c1", "Alice Martin", "Acme", "https://crm.example.test/c/1"),
            AnsweredAt = T0.AddSeconds(5),
        };

        var id = await store.InsertAsync(record, CancellationToken.None);
        var stored = await store.GetAsync(id, CancellationToken.None);

        Assert.Equal(record with { Id = id }, stored);
        Assert.Null(stored!.Disposition);
    }

    [Fact]
    public async Task UpdateReplacesTheRecordAndFinalisesIt()
    {
        var store = (await Target.OpenAsync()).History;
        var id = await store.InsertAsync(Record("call-2", "+33100000001", CallDirection.Outbound, T0), CancellationToken.None);
        var finished = Record("call-2", "+33100000001", CallDirection.Outbound, T0) with
        {
            Id = id,
            AnsweredAt = T0.AddSeconds(3),
            EndedAt = T0.AddSeconds(63),
            DurationSeconds = 60,
            Disposition = CallDisposition.Answered,
            Notes = "Wants a quote",
        };

        await store.UpdateAsync(finished, CancellationToken.None);

        Assert.Equal(finished, await store.GetAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateOfAnUnknownRecordThrowsInsteadOfLosingIt()
    {
        var store = (await Target.OpenAsync()).History;
        var record = Record("call-x", "+33100000002", CallDirection.Outbound, T0) with { Id = 424242 };

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.UpdateAsync(record, CancellationToken.None));
    }

    [Fact]
    public async Task DispositionsAreStoredAsTheirKebabCaseNames()
    {
        var store = (await Target.OpenAsync()).History;
        var id = await store.InsertAsync(
            Record("call-3", "+33100000003", CallDirection.Outbound, T0) with { Disposition = CallDisposition.NoAnswer },
            CancellationToken.None);

        var raw = await Target.ScalarAsync("SELECT disposition FROM history WHERE id = " + id);

        Assert.Equal("no-answer", raw);
        Assert.Equal(CallDisposition.NoAnswer, (await store.GetAsync(id, CancellationToken.None))!.Disposition);
    }

    [Fact]
    public async Task PatchChangesTheNotesAndKeepsTheDispositionWhenNoneIsGiven()
    {
        var store = (await Target.OpenAsync()).History;
        var id = await store.InsertAsync(
            Record("call-4", "+33100000004", CallDirection.Inbound, T0) with { Disposition = CallDisposition.Missed },
            CancellationToken.None);

        var notes = await store.PatchAsync(id, "Call back after 2pm", null, CancellationToken.None);
        var disposition = await store.PatchAsync(id, null, CallDisposition.Declined, CancellationToken.None);

        Assert.Equal("Call back after 2pm", notes!.Notes);
        Assert.Equal(CallDisposition.Missed, notes.Disposition);
        Assert.Equal("Call back after 2pm", disposition!.Notes);
        Assert.Equal(CallDisposition.Declined, disposition.Disposition);
        Assert.Null(await store.PatchAsync(id + 1000, "x", null, CancellationToken.None));
    }

    [Fact]
    public async Task QueryReturnsNewestFirstAndPagesWithTheBeforeCursor()
    {
        var store = (await Target.OpenAsync()).History;
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await store.InsertAsync(Record("p" + i, "+33100000010", CallDirection.Outbound, T0.AddMinutes(i)), CancellationToken.None));
        }

        var page1 = await store.QueryAsync(new HistoryQuery(Limit: 3), CancellationToken.None);
        var page2 = await store.QueryAsync(new HistoryQuery(Before: page1[^1].Id, Limit: 3), CancellationToken.None);
        var page3 = await store.QueryAsync(new HistoryQuery(Before: page2[^1].Id, Limit: 3), CancellationToken.None);

        ids.Reverse();
        Assert.Equal(ids[..3], page1.Select(r => r.Id));
        Assert.Equal(ids[3..6], page2.Select(r => r.Id));
        Assert.Equal(ids[6..], page3.Select(r => r.Id));
    }

    [Fact]
    public async Task QueryLimitIsCappedAt500()
    {
        var store = (await Target.OpenAsync()).History;
        for (var i = 0; i < DbLimit + 3; i++)
        {
            await store.InsertAsync(Record("cap" + i, "+33100000011", CallDirection.Outbound, T0), CancellationToken.None);
        }

        var page = await store.QueryAsync(new HistoryQuery(Limit: 100_000), CancellationToken.None);

        Assert.Equal(DbLimit, page.Count);
    }

    [Fact]
    public async Task QueryFiltersCombineContactNumberMatchKeyTimeRangeAndDisposition()
    {
        var store = (await Target.OpenAsync()).History;
        var alice = new ContactRef("c-alice", "Alice", null, null);
        var a1 = await store.InsertAsync(
            Record("f1", "+33123456789", CallDirection.Inbound, T0) with { Contact = alice, Disposition = CallDisposition.Missed },
            CancellationToken.None);
        var a2 = await store.InsertAsync(
            Record("f2", "+33123456789", CallDirection.Outbound, T0.AddHours(1)) with { Contact = alice, Disposition = CallDisposition.Answered },
            CancellationToken.None);
        var national = await store.InsertAsync(
            Record("f3", null, CallDirection.Inbound, T0.AddHours(2)) with
            {
                Remote = new RemoteParty("01 23 45 67 89", null, null),
                Disposition = CallDisposition.Answered,
            },
            CancellationToken.None);
        var other = await store.InsertAsync(
            Record("f4", "+44207946000", CallDirection.Inbound, T0.AddHours(3)) with { Disposition = CallDisposition.Busy },
            CancellationToken.None);

        async Task<long[]> Ids(HistoryQuery q) => [.. (await store.QueryAsync(q, CancellationToken.None)).Select(r => r.Id)];

        Assert.Equal([a2, a1], await Ids(new HistoryQuery(ContactId: "c-alice")));
        Assert.Equal([a2, a1], await Ids(new HistoryQuery(E164: "+33123456789")));
        Assert.Equal([national, a2, a1], await Ids(new HistoryQuery(MatchKey: "123456789")));
        Assert.Equal([other], await Ids(new HistoryQuery(Disposition: CallDisposition.Busy)));
        Assert.Equal([national, a2], await Ids(new HistoryQuery(From: T0.AddMinutes(30), To: T0.AddHours(3))));
        Assert.Equal([a1], await Ids(new HistoryQuery(ContactId: "c-alice", Disposition: CallDisposition.Missed)));
        Assert.Empty(await Ids(new HistoryQuery(E164: "+33999999999")));
    }

    [Fact]
    public async Task TextMatchesTheContactNameDisplayNameRawNumberAndNotesIgnoringCaseAndAccents()
    {
        var store = (await Target.OpenAsync()).History;
        var zoe = await store.InsertAsync(
            Record("t1", "+33123456789", CallDirection.Inbound, T0) with { Contact = new ContactRef("c-zoe", "Zoé Lefèvre", "Acme", null) },
            CancellationToken.None);
        var display = await store.InsertAsync(
            Record("t2", null, CallDirection.Inbound, T0.AddMinutes(1)) with { Remote = new RemoteParty("sip:desk@192.0.2.7", null, "Hervé ACCUEIL") },
            CancellationToken.None);
        var raw = await store.InsertAsync(
            Record("t3", null, CallDirection.Outbound, T0.AddMinutes(2)) with { Remote = new RemoteParty("01 23 45 67 00", null, null) },
            CancellationToken.None);
        var noted = await store.InsertAsync(Record("t4", "+33100000050", CallDirection.Outbound, T0.AddMinutes(3)), CancellationToken.None);
        await store.PatchAsync(noted, "Devis signé, rappeler lundi", null, CancellationToken.None);
        var finished = await store.InsertAsync(Record("t5", "+33100000051", CallDirection.Inbound, T0.AddMinutes(4)), CancellationToken.None);
        await store.UpdateAsync(
            Record("t5", "+33100000051", CallDirection.Inbound, T0.AddMinutes(4)) with { Id = finished, Notes = "Wants the ZOE model", Disposition = CallDisposition.Answered },
            CancellationToken.None);

        async Task<long[]> Ids(string text) => [.. (await store.QueryAsync(new HistoryQuery(Text: text), CancellationToken.None)).Select(r => r.Id)];

        Assert.Equal([finished, zoe], await Ids("zoe"));
        Assert.Equal([zoe], await Ids("LEFÈVRE"));
        Assert.Equal([display], await Ids("herve accueil"));
        Assert.Equal([raw], await Ids("45 67 00"));
        Assert.Equal([noted], await Ids("signe, RAPPELER"));
        Assert.Empty(await Ids("acme"));
        Assert.Empty(await Ids("lefevre 01"));
    }

    [Fact]
    public async Task TextTakesLikeWildcardsLiterallyAndCombinesWithTheOtherFiltersAndPaging()
    {
        var store = (await Target.OpenAsync()).History;
        var percent = await store.InsertAsync(Record("w1", "+33100000060", CallDirection.Inbound, T0) with { Notes = "Remise 10% accordée" }, CancellationToken.None);
        var plain = await store.InsertAsync(Record("w2", "+33100000061", CallDirection.Inbound, T0.AddHours(1)) with { Notes = "Remise 10 euros" }, CancellationToken.None);
        var underscore = await store.InsertAsync(Record("w3", "+33100000062", CallDirection.Inbound, T0.AddHours(2)) with { Notes = "ref a_b" }, CancellationToken.None);
        await store.InsertAsync(Record("w4", "+33100000063", CallDirection.Inbound, T0.AddHours(3)) with { Notes = "ref axb" }, CancellationToken.None);
        var back = await store.InsertAsync(Record("w5", "+33100000064", CallDirection.Inbound, T0.AddHours(4)) with { Notes = "dir c:\\temp" }, CancellationToken.None);

        async Task<long[]> Ids(HistoryQuery q) => [.. (await store.QueryAsync(q, CancellationToken.None)).Select(r => r.Id)];

        Assert.Equal([percent], await Ids(new HistoryQuery(Text: "10%")));
        Assert.Equal([underscore], await Ids(new HistoryQuery(Text: "a_b")));
        Assert.Equal([back], await Ids(new HistoryQuery(Text: "c:\\t")));
        Assert.Empty(await Ids(new HistoryQuery(Text: "e%s")));
        Assert.Empty(await Ids(new HistoryQuery(Text: "remise_1")));
        Assert.Equal([plain, percent], await Ids(new HistoryQuery(Text: "remise")));
        Assert.Equal([plain], await Ids(new HistoryQuery(Text: "remise", From: T0.AddMinutes(30))));
        Assert.Equal([percent], await Ids(new HistoryQuery(Text: "remise", To: T0.AddMinutes(30))));
        Assert.Equal([percent], await Ids(new HistoryQuery(Text: "remise", Before: plain)));
        Assert.Equal([plain], await Ids(new HistoryQuery(Text: "remise", Limit: 1)));
        Assert.Equal([percent], await Ids(new HistoryQuery(Text: "remise", E164: "+33100000060")));
    }

    [Fact]
    public async Task RecordsStoredBeforeTheSearchColumnsAreFoundOnceTheMigrationFilledThem()
    {
        var first = await Target.OpenAsync();
        var id = await first.History.InsertAsync(
            Record("m1", "+33100000070", CallDirection.Inbound, T0) with { Contact = new ContactRef("c-m", "Åsa Öberg", null, null), Notes = "Très pressée" },
            CancellationToken.None);
        await first.DisposeAsync();
        await Target.ScalarAsync("ALTER TABLE history DROP COLUMN search");
        await Target.ScalarAsync("ALTER TABLE history DROP COLUMN notes_search");
        await Target.ScalarAsync("DELETE FROM schema_version WHERE version = 2");

        var store = (await Target.OpenAsync()).History;

        Assert.Equal([id], (await store.QueryAsync(new HistoryQuery(Text: "asa oberg"), CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([id], (await store.QueryAsync(new HistoryQuery(Text: "tres press"), CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task MissedNotCalledBackKeepsInboundMissedAndUnansweredCallsWithNoLaterAnsweredCallWithTheSameNumber()
    {
        var store = (await Target.OpenAsync()).History;
        async Task<long> Add(string callId, string e164, CallDirection direction, int minute, CallDisposition disposition) =>
            await store.InsertAsync(Record(callId, e164, direction, T0.AddMinutes(minute)) with { Disposition = disposition }, CancellationToken.None);

        // Called back, and answered: done.
        await Add("a1", "+33100000021", CallDirection.Inbound, 0, CallDisposition.Missed);
        await Add("a2", "+33100000021", CallDirection.Outbound, 5, CallDisposition.Answered);

        // Tried back without an answer: still to call back.
        var triedBack = await Add("b1", "+33100000022", CallDirection.Inbound, 1, CallDisposition.NoAnswer);
        await Add("b2", "+33100000022", CallDirection.Outbound, 6, CallDisposition.Busy);

        // The caller rang again and got through: done.
        await Add("c1", "+33100000023", CallDirection.Inbound, 2, CallDisposition.Missed);
        await Add("c2", "+33100000023", CallDirection.Inbound, 7, CallDisposition.Answered);

        // An answered call before the miss does not count.
        await Add("d1", "+33100000024", CallDirection.Outbound, 3, CallDisposition.Answered);
        var pending = await Add("d2", "+33100000024", CallDirection.Inbound, 8, CallDisposition.Missed);

        // Not misses: an answered inbound call, an outbound call nobody answered, a declined call.
        await Add("e1", "+33100000025", CallDirection.Inbound, 9, CallDisposition.Answered);
        await Add("e2", "+33100000026", CallDirection.Outbound, 10, CallDisposition.NoAnswer);
        await Add("e3", "+33100000027", CallDirection.Inbound, 11, CallDisposition.Declined);

        var result = await store.QueryAsync(new HistoryQuery(MissedNotCalledBack: true), CancellationToken.None);

        Assert.Equal([pending, triedBack], result.Select(r => r.Id));
    }

    [Fact]
    public async Task HistoryExportWritesEveryRecordTheFiltersSelectAcrossPagesNewestFirst()
    {
        var store = (await Target.OpenAsync()).History;
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var record = Record($"x{i}", "+33100000041", i % 2 == 0 ? CallDirection.Inbound : CallDirection.Outbound, T0.AddHours(i)) with
            {
                Contact = i == 3 ? new ContactRef("c-9", "Zoé \"Zed\" Martin, SA", "Acme", null) : null,
                AnsweredAt = i == 3 ? T0.AddHours(i).AddSeconds(4) : null,
                EndedAt = T0.AddHours(i).AddSeconds(64),
                DurationSeconds = i == 3 ? 60 : 0,
                Disposition = i == 3 ? CallDisposition.Answered : CallDisposition.NoAnswer,
                Notes = i == 3 ? "line one\nline two" : null,
            };
            ids.Add(await store.InsertAsync(record, CancellationToken.None));
        }

        await store.InsertAsync(Record("other", "+33100000042", CallDirection.Inbound, T0.AddHours(3)), CancellationToken.None);
        using var writer = new StringWriter();

        await HistoryCsv.WriteAsync(
            store, new HistoryQuery(E164: "+33100000041", From: T0.AddHours(1), To: T0.AddHours(6)), writer, CancellationToken.None, pageSize: 2);

        var lines = ReadCsv(writer.ToString());
        Assert.Equal(HistoryCsv.Header, lines[0]);
        Assert.Equal([ids[5], ids[4], ids[3], ids[2], ids[1]], lines.Skip(1).Select(l => long.Parse(l[0], CultureInfo.InvariantCulture)));
        var answered = lines.Single(l => l[1] == "x3");
        Assert.Equal(
            ["outbound", "+33100000041", "+33100000041", "", "c-9", "Zoé \"Zed\" Martin, SA", "Acme",
             "2026-03-02T12:30:00Z", "2026-03-02T12:30:04Z", "2026-03-02T12:31:04Z", "60", "answered", "line one\nline two", ""],
            answered.Skip(2));
    }

    /// <summary>Splits RFC 4180 text into records (quoted fields may hold separators, quotes and line breaks).</summary>
    private static List<List<string>> ReadCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(record);
        Assert.Equal(0, field.Length);
        return records;
    }

    [Fact]
    public async Task MarkInterruptedEndsTheLiveRecordsAndOnSharedDatabasesOnlyThoseOfThisInstance()
    {
        var agentA = (await Target.OpenAsync("agent-a")).History;
        var agentB = (await Target.OpenAsync("agent-b")).History;
        var answered = await agentA.InsertAsync(
            Record("i1", "+33100000031", CallDirection.Inbound, T0) with { AnsweredAt = T0.AddSeconds(10) }, CancellationToken.None);
        var ringing = await agentA.InsertAsync(Record("i2", "+33100000032", CallDirection.Outbound, T0), CancellationToken.None);
        var finished = await agentA.InsertAsync(
            Record("i3", "+33100000033", CallDirection.Outbound, T0) with { Disposition = CallDisposition.Busy }, CancellationToken.None);
        var otherAgent = await agentB.InsertAsync(Record("i4", "+33100000034", CallDirection.Outbound, T0), CancellationToken.None);

        var count = await agentA.MarkInterruptedAsync(T0.AddSeconds(70), CancellationToken.None);

        Assert.Equal(SharedByAgents ? 2 : 3, count);
        var a = await agentA.GetAsync(answered, CancellationToken.None);
        Assert.Equal(CallDisposition.Interrupted, a!.Disposition);
        Assert.Equal(T0.AddSeconds(70), a.EndedAt);
        Assert.Equal(60, a.DurationSeconds);
        var r = await agentA.GetAsync(ringing, CancellationToken.None);
        Assert.Equal(CallDisposition.Interrupted, r!.Disposition);
        Assert.Equal(0, r.DurationSeconds);
        Assert.Equal(CallDisposition.Busy, (await agentA.GetAsync(finished, CancellationToken.None))!.Disposition);
        Assert.Equal(
            SharedByAgents ? null : CallDisposition.Interrupted, (await agentA.GetAsync(otherAgent, CancellationToken.None))!.Disposition);
        Assert.Equal(0, await agentA.MarkInterruptedAsync(T0.AddSeconds(80), CancellationToken.None));
    }

    [Fact]
    public async Task TwoStoreInstancesWritingInParallelLoseNothing()
    {
        var first = (await Target.OpenAsync("agent-a")).History;
        var second = (await Target.OpenAsync("agent-b")).History;
        const int perWriter = 100;

        async Task<List<long>> WriteAsync(IHistoryStore store, string prefix)
        {
            var ids = new List<long>();
            for (var i = 0; i < perWriter; i++)
            {
                var id = await store.InsertAsync(Record(prefix + i, "+33100000041", CallDirection.Inbound, T0.AddSeconds(i)), CancellationToken.None);
                await store.UpdateAsync(
                    Record(prefix + i, "+33100000041", CallDirection.Inbound, T0.AddSeconds(i)) with { Id = id, Disposition = CallDisposition.Missed },
                    CancellationToken.None);
                ids.Add(id);
            }

            return ids;
        }

        var results = await Task.WhenAll(
            Task.Run(() => WriteAsync(first, "a")), Task.Run(() => WriteAsync(second, "b")), Task.Run(() => WriteAsync(first, "c")));

        var all = results.SelectMany(ids => ids).ToList();
        Assert.Equal(3 * perWriter, all.Distinct().Count());
        var stored = new List<HistoryRecord>();
        for (long? before = null; ;)
        {
            var page = await second.QueryAsync(new HistoryQuery(E164: "+33100000041", Before: before, Limit: 500), CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            stored.AddRange(page);
            before = page[^1].Id;
        }

        Assert.Equal(all.Order(), stored.Select(r => r.Id).Order());
        Assert.All(stored, r => Assert.Equal(CallDisposition.Missed, r.Disposition));
    }

    /// <summary>Whether several agents share the database (then each one only ends its own live records).</summary>
    protected abstract bool SharedByAgents { get; }

    protected abstract IStorageTarget CreateTarget();

    private const int DbLimit = 500;

    private static HistoryRecord Record(string callId, string? e164, CallDirection direction, DateTimeOffset startedAt) =>
        new(0, callId, null, direction, new RemoteParty(e164 ?? "anonymous", e164, null), null, startedAt, null, null, 0, null, null);
}
