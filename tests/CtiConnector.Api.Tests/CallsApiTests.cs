using System.Net;
using System.Text;
using System.Text.Json;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Api.Tests;

public sealed class CallsApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostCallsAnswers201WithTheCallInTheContractShape()
    {
        await using var server = await ApiServer.StartAsync();
        using var body = Json("{\"to\":\"tel:+33 1 23 45 67 89\"}");

        var response = await server.Client.PostAsync("/v1/calls", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var call = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = call.RootElement;
        var id = root.GetProperty("id").GetString();
        Assert.Equal($"/v1/calls/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("outbound", root.GetProperty("direction").GetString());
        Assert.Equal("dialing", root.GetProperty("state").GetString());
        Assert.Equal("+33123456789", root.GetProperty("remote").GetProperty("e164").GetString());
        Assert.Equal("Alice Martin", root.GetProperty("contact").GetProperty("name").GetString());
        Assert.True(server.Telephony.Commands.TryPeek(out var command));
        Assert.Equal($"dial {id} +33123456789 ", command);
    }

    [Fact]
    public async Task ABadTargetIsAProblemWithAStableType()
    {
        await using var server = await ApiServer.StartAsync();
        using var body = Json("{\"to\":\"--proxy=evil\"}");

        var response = await server.Client.PostAsync("/v1/calls", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-target");
        Assert.Empty(server.Telephony.Commands);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestProblem()
    {
        await using var server = await ApiServer.StartAsync();
        using var body = Json("{\"to\":");

        var response = await server.Client.PostAsync("/v1/calls", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task ActionsRelayToTheTelephonyAndAnswerTheCall()
    {
        await using var server = await ApiServer.StartAsync();
        var call = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        var hold = await server.Client.PostAsync($"/v1/calls/{call.Id}/hold", null);
        using var dtmfBody = Json("{\"digits\":\"12#\"}");
        var dtmf = await server.Client.PostAsync($"/v1/calls/{call.Id}/dtmf", dtmfBody);
        using var transferBody = Json("{\"to\":\"0699887766\"}");
        var transfer = await server.Client.PostAsync($"/v1/calls/{call.Id}/transfer", transferBody);
        var mute = await server.Client.PostAsync($"/v1/calls/{call.Id}/mute", null);

        Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dtmf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        Assert.Contains("\"muted\":true", await mute.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"hold {call.Id}", server.Telephony.Commands);
        Assert.Contains($"dtmf {call.Id} 12#", server.Telephony.Commands);
        Assert.Contains($"transfer {call.Id} 0699887766 ", server.Telephony.Commands);
    }

    [Fact]
    public async Task AnActionOnAnUnknownCallIsANotFoundProblem()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.PostAsync("/v1/calls/nope/answer", null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "no-such-call");
    }

    [Fact]
    public async Task CallsListsTheLiveCalls()
    {
        await using var server = await ApiServer.StartAsync();
        var call = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        var list = await server.Client.GetStringAsync("/v1/calls");
        var one = await server.Client.GetStringAsync($"/v1/calls/{call.Id}");

        using var document = JsonDocument.Parse(list);
        Assert.Equal(call.Id, document.RootElement.EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Contains($"\"id\":\"{call.Id}\"", one, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallShowsWhetherItsAudioIsEncrypted()
    {
        await using var server = await ApiServer.StartAsync();
        var plain = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        var secure = await server.Center.DialAsync("0699887766", null, null, CancellationToken.None);
        Assert.False(JsonDocument.Parse(await server.Client.GetStringAsync($"/v1/calls/{secure.Id}")).RootElement.GetProperty("encrypted").GetBoolean());

        server.Telephony.Raise(new CallAnswered(DateTimeOffset.UnixEpoch.AddSeconds(2), plain.Id));
        server.Telephony.Raise(new CallAnswered(DateTimeOffset.UnixEpoch.AddSeconds(3), secure.Id, Encrypted: true));

        var answered = await ActiveAsync(server, secure.Id);
        Assert.True(answered.GetProperty("encrypted").GetBoolean());
        Assert.False((await ActiveAsync(server, plain.Id)).GetProperty("encrypted").GetBoolean());
    }

    [Fact]
    public async Task HistoryShowsDispositionsInKebabCaseAndCanBePatched()
    {
        await using var server = await ApiServer.StartAsync();
        var id = await server.History.InsertAsync(
            new HistoryRecord(0, "x", null, CallDirection.Outbound, new RemoteParty("0611223344", "+33611223344", null), null,
                DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, 0, CallDisposition.NoAnswer, null),
            CancellationToken.None);

        var list = await server.Client.GetStringAsync("/v1/history?number=06%2011%2022%2033%2044&limit=5");
        using var patchBody = Json("{\"notes\":\"call back Monday\",\"disposition\":\"busy\"}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/history/{id}") { Content = patchBody };
        var patched = await server.Client.SendAsync(request);

        using var document = JsonDocument.Parse(list);
        Assert.Equal("no-answer", document.RootElement.EnumerateArray().Single().GetProperty("disposition").GetString());
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("call back Monday", (await server.History.GetAsync(id, CancellationToken.None))?.Notes);
    }

    [Fact]
    public async Task ContactsAreFoundByNumberInAnyFormatAndBySearch()
    {
        await using var server = await ApiServer.StartAsync();

        var byNumber = await server.Client.GetStringAsync("/v1/contacts?number=%2B33%201%2023%2045%2067%2089");
        var bySearch = await server.Client.GetStringAsync("/v1/contacts?q=ali");

        Assert.Contains("\"id\":\"c-alice\"", byNumber, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"c-alice\"", bySearch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginsListIsEmptyWithoutAPluginCatalog()
    {
        await using var server = await ApiServer.StartAsync();

        var plugins = await server.Client.GetStringAsync("/v1/plugins");

        Assert.Equal("[]", plugins);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheEndpoints()
    {
        await using var server = await ApiServer.StartAsync();

        var document = await server.Client.GetStringAsync("/v1/openapi.json");

        using var json = JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/calls", out var calls));
        Assert.True(calls.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/v1/calls/{id}/hangup", out _));
        Assert.True(paths.TryGetProperty("/v1/pair", out _));
        Assert.Equal("CTI Connector local API", json.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("bearer", json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal("boolean", schemas.GetProperty("CallInfo").GetProperty("properties").GetProperty("encrypted").GetProperty("type").GetString());
        var disposition = schemas.GetProperty("CallDisposition");
        Assert.Contains("no-answer", disposition.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>The call as <c>GET /v1/calls/{id}</c> shows it once the answer has been applied (events are handled in order, off the caller's thread).</summary>
    private static async Task<JsonElement> ActiveAsync(ApiServer server, string id)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var call = JsonDocument.Parse(await server.Client.GetStringAsync($"/v1/calls/{id}", patience.Token));
            if (call.RootElement.GetProperty("state").GetString() == "active")
            {
                return call.RootElement.Clone();
            }

            await Task.Delay(20, patience.Token);
        }
    }
}
