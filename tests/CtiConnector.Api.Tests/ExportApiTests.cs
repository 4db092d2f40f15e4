using System.Net;
using System.Text;
using System.Text.Json;
using CtiConnector.Core.Model;

namespace CtiConnector.Api.Tests;

/// <summary>
/// The CSV exports (<c>GET /v1/contacts/export</c>, <c>GET /v1/history/export</c>) and the history filters they share
/// with <c>GET /v1/history</c> (<c>from</c>, <c>to</c>, <c>missed</c>), over the in-memory stores. The stores' own
/// SQL is verified on SQLite and PostgreSQL in the storage tests.
/// </summary>
public sealed class ExportApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheDirectoryExportIsUtf8CsvWithAHeaderAndEveryContact()
    {
        await using var server = await ApiServer.StartAsync();

        using var response = await server.Client.GetAsync("/v1/contacts/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, bytes[0]);
        var lines = Encoding.UTF8.GetString(bytes).Split("\r\n");
        Assert.Equal("Id,Name,Company,Email,Url,Work Phone,Home Phone,Mobile Phone,Fax,Other Phone", lines[0]);
        Assert.Equal(",Alice Martin,Acme,,https://crm.example/alice,01 23 45 67 89,,,,", lines[1]);
        Assert.Equal([""], lines[2..]);
    }

    [Fact]
    public async Task TheHistoryExportTakesTheSameFiltersAsTheHistory()
    {
        await using var server = await ApiServer.StartAsync();
        var early = await Insert(server, "h1", "+33123456789", CallDirection.Inbound, T0, CallDisposition.Missed);
        var inRange = await Insert(server, "h2", "+33123456789", CallDirection.Outbound, T0.AddHours(2), CallDisposition.Answered);
        await Insert(server, "h3", "+33140000009", CallDirection.Inbound, T0.AddHours(2), CallDisposition.Answered);
        var late = await Insert(server, "h4", "+33123456789", CallDirection.Inbound, T0.AddHours(5), CallDisposition.NoAnswer);
        const string filters = "number=01%2023%2045%2067%2089&from=2026-03-02T10:30:00%2B01:00&to=2026-03-02T14:00:00Z";

        using var export = await server.Client.GetAsync("/v1/history/export?" + filters);
        using var page = await server.Client.GetAsync("/v1/history?" + filters);
        using var all = await server.Client.GetAsync("/v1/history/export?number=0123456789");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.StartsWith("Id,Call Id,Direction,Number,E164,", lines[0], StringComparison.Ordinal);
        Assert.Equal([inRange], lines[1..^1].Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(",outbound,", lines[1], StringComparison.Ordinal);
        Assert.Equal([inRange], Ids(await ReadJsonAsync(page)));
        var allLines = (await all.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal([late, inRange, early], allLines[1..^1].Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task MissedTrueListsTheMissedCallsNotYetCalledBack()
    {
        await using var server = await ApiServer.StartAsync();
        await Insert(server, "m1", "+33140000001", CallDirection.Inbound, T0, CallDisposition.Missed);
        await Insert(server, "m2", "+33140000001", CallDirection.Outbound, T0.AddMinutes(5), CallDisposition.Answered);
        var triedBack = await Insert(server, "m3", "+33140000002", CallDirection.Inbound, T0.AddMinutes(1), CallDisposition.NoAnswer);
        await Insert(server, "m4", "+33140000002", CallDirection.Outbound, T0.AddMinutes(6), CallDisposition.Busy);
        var pending = await Insert(server, "m5", "+33140000003", CallDirection.Inbound, T0.AddMinutes(7), CallDisposition.Missed);
        await Insert(server, "m6", "+33140000004", CallDirection.Inbound, T0.AddMinutes(8), CallDisposition.Answered);

        using var missed = await server.Client.GetAsync("/v1/history?missed=true");
        using var export = await server.Client.GetAsync("/v1/history/export?missed=true");
        using var everything = await server.Client.GetAsync("/v1/history?missed=false");

        Assert.Equal([pending, triedBack], Ids(await ReadJsonAsync(missed)));
        Assert.Equal(2, (await export.Content.ReadAsStringAsync()).Split("\r\n").Length - 2);
        Assert.Equal(6, (await ReadJsonAsync(everything)).GetArrayLength());
    }

    [Fact]
    public async Task QFindsCallsByTheirTextAndTheExportTakesItToo()
    {
        await using var server = await ApiServer.StartAsync();
        var noted = await Insert(server, "q1", "+33140000011", CallDirection.Inbound, T0, CallDisposition.Answered, "Rappeler Zoé pour le devis");
        await Insert(server, "q2", "+33140000012", CallDirection.Inbound, T0.AddMinutes(1), CallDisposition.Answered, "Autre sujet");
        var later = await Insert(server, "q3", "+33140000013", CallDirection.Outbound, T0.AddHours(2), CallDisposition.Answered, "devis envoyé");

        using var page = await server.Client.GetAsync("/v1/history?q=%20DEVIS%20");
        using var window = await server.Client.GetAsync("/v1/history?q=devis&to=2026-03-02T10:00:00Z");
        using var export = await server.Client.GetAsync("/v1/history/export?q=rappeler");

        Assert.Equal([later, noted], Ids(await ReadJsonAsync(page)));
        Assert.Equal([noted], Ids(await ReadJsonAsync(window)));
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal([noted], lines[1..^1].Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("/v1/history?q=")]
    [InlineData("/v1/history?q=%20%20")]
    [InlineData("/v1/history/export?q=")]
    public async Task AQOfMoreThan100CharactersOrOfNoneIsABadRequestSayingSo(string path)
    {
        await using var server = await ApiServer.StartAsync();

        using var tooLong = await server.Client.GetAsync("/v1/history?q=" + new string('a', 101));
        using var longest = await server.Client.GetAsync("/v1/history?q=%20" + new string('a', 100) + "%20");
        using var empty = await server.Client.GetAsync(path);

        await ProblemAssert.IsAsync(tooLong, HttpStatusCode.BadRequest, "bad-request");
        Assert.Contains("q must be 1 to 100 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        await ProblemAssert.IsAsync(empty, HttpStatusCode.BadRequest, "bad-request");
    }

    [Theory]
    [InlineData("/v1/history?from=yesterday")]
    [InlineData("/v1/history/export?to=2026-13-45")]
    [InlineData("/v1/history?missed=maybe")]
    [InlineData("/v1/history/export?from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z")]
    public async Task AMalformedFilterIsABadRequestProblem(string path)
    {
        await using var server = await ApiServer.StartAsync();

        using var response = await server.Client.GetAsync(path);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheExportsAndTheHistoryFilters()
    {
        await using var server = await ApiServer.StartAsync();

        var document = await server.Client.GetStringAsync("/v1/openapi.json");
        using var json = JsonDocument.Parse(document);

        var paths = json.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/history/export", "/v1/contacts/export" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing: {document}");
            var get = item.GetProperty("get");
            Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _), $"{path}: {get}");
        }

        foreach (var path in new[] { "/v1/history", "/v1/history/export" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.True(get.TryGetProperty("parameters", out var parameters), $"{path} has no parameters: {get}");
            var names = parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("missed", names);
            Assert.Contains("from", names);
            Assert.Contains("to", names);
            Assert.Contains("number", names);
            Assert.Contains("q", names);
        }
    }

    private static async Task<long> Insert(
        ApiServer server, string callId, string e164, CallDirection direction, DateTimeOffset startedAt, CallDisposition disposition, string? notes = null) =>
        await server.History.InsertAsync(
            new HistoryRecord(0, callId, null, direction, new RemoteParty(e164, e164, null), null, startedAt, null, startedAt.AddSeconds(30), 0, disposition, notes),
            CancellationToken.None);

    private static List<long> Ids(JsonElement records) => [.. records.EnumerateArray().Select(r => r.GetProperty("id").GetInt64())];

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
