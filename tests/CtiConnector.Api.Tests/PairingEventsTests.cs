using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

/// <summary>
/// <c>pairing.requested</c> on the user's event stream (what makes the web UI show a request at once), its absence from a
/// paired CRM's stream, and the SSE heartbeat.
/// </summary>
public sealed class PairingEventsTests
{
    private const string NewOrigin = "https://new-crm.example";

    [Fact]
    public async Task APendingOriginIsAnnouncedOnceOnTheUsersStream()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var snapshot = await ServerSentEvents.ReadEventAsync(reader);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await PairAsync(server, NewOrigin)).StatusCode);
        var requested = await ServerSentEvents.ReadEventAsync(reader);
        await PairAsync(server, NewOrigin);
        await server.Center.DialAsync("0123456789", null, null, CancellationToken.None);
        var next = await ServerSentEvents.ReadEventAsync(reader);

        Assert.Equal("snapshot", snapshot.Name);
        Assert.Equal("pairing.requested", requested.Name);
        using var data = JsonDocument.Parse(requested.Data);
        Assert.Equal(NewOrigin, data.RootElement.GetProperty("origin").GetString());
        Assert.Equal("Demo CRM", data.RootElement.GetProperty("name").GetString());
        Assert.Equal("call.outgoing", next.Name);
    }

    [Fact]
    public async Task APairedCrmsStreamDoesNotHearPairingRequests()
    {
        await using var server = await ApiServer.StartAsync();
        using var paired = await PairAsync(server, ApiServer.CrmOrigin);
        using var body = JsonDocument.Parse(await paired.Content.ReadAsStringAsync());
        var crmToken = body.RootElement.GetProperty("token").GetString();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", ApiServer.CrmOrigin);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events?access_token={crmToken}"), timeout.Token);
        using var snapshot = JsonDocument.Parse(await UiApiTests.ReceiveAsync(socket, timeout.Token));

        await PairAsync(server, NewOrigin);
        await server.Center.DialAsync("0123456789", null, null, CancellationToken.None);
        using var next = JsonDocument.Parse(await UiApiTests.ReceiveAsync(socket, timeout.Token));

        Assert.Equal("snapshot", snapshot.RootElement.GetProperty("type").GetString());
        Assert.Equal("call.outgoing", next.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheUsersWebSocketHearsPairingRequests()
    {
        await using var server = await ApiServer.StartAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events?access_token={ApiServer.Token}"), timeout.Token);
        await UiApiTests.ReceiveAsync(socket, timeout.Token);

        await PairAsync(server, NewOrigin);
        using var next = JsonDocument.Parse(await UiApiTests.ReceiveAsync(socket, timeout.Token));

        Assert.Equal("pairing.requested", next.RootElement.GetProperty("type").GetString());
        Assert.Equal(NewOrigin, next.RootElement.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task ServerSentEventsSendAHeartbeatCommentWhenNothingHappens()
    {
        await using var server = await ApiServer.StartAsync(eventHeartbeat: TimeSpan.FromMilliseconds(100));
        using var response = await server.Client.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ServerSentEvents.ReadEventAsync(reader);

        var line = await reader.ReadLineAsync(timeout.Token);
        await server.Center.DialAsync("0123456789", null, null, CancellationToken.None);
        (string Name, string Data) afterwards;
        do
        {
            afterwards = await ServerSentEvents.ReadEventAsync(reader);
        }
        while (afterwards.Name != "call.outgoing");

        Assert.Equal(": heartbeat", line);
        Assert.Equal("call.outgoing", afterwards.Name);
    }

    private static async Task<HttpResponseMessage> PairAsync(ApiServer server, string origin)
    {
        using var anonymous = server.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/pair")
        {
            Content = new StringContent("{\"name\":\"Demo CRM\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        var response = await anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
