using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

public sealed class EventsApiTests
{
    [Fact]
    public async Task TheWebSocketTakesTheTokenInTheQueryAndSendsTheSnapshotThenCallEvents()
    {
        await using var server = await ApiServer.StartAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events?access_token={ApiServer.Token}"), timeout.Token);

        using var snapshot = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token));
        var call = await server.Center.DialAsync("0123456789", null, null, CancellationToken.None);
        using var outgoing = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token));

        Assert.Equal("snapshot", snapshot.RootElement.GetProperty("type").GetString());
        Assert.Equal("1.2.3", snapshot.RootElement.GetProperty("version").GetString());
        var root = outgoing.RootElement;
        Assert.Equal("call.outgoing", root.GetProperty("type").GetString());
        Assert.Equal(call.Id, root.GetProperty("callId").GetString());
        Assert.Equal("outbound", root.GetProperty("direction").GetString());
        Assert.Equal("0123456789", root.GetProperty("remote").GetProperty("raw").GetString());
        Assert.Equal("c-alice", root.GetProperty("contact").GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheWebSocketHandshakeWithoutATokenIsRefused()
    {
        await using var server = await ApiServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task TheWebSocketHandshakeFromAForeignOriginIsRefused()
    {
        await using var server = await ApiServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events?access_token={ApiServer.Token}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task ServerSentEventsStartWithTheSnapshotAndCarryCallEnded()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await ServerSentEvents.ReadEventAsync(reader);
        var call = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        await server.Center.HangupAsync(call.Id, CancellationToken.None);
        var outgoing = await ServerSentEvents.ReadEventAsync(reader);
        var ended = await ServerSentEvents.ReadEventAsync(reader);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("snapshot", first.Name);
        Assert.Equal("call.outgoing", outgoing.Name);
        Assert.Equal("call.ended", ended.Name);
        using var data = JsonDocument.Parse(ended.Data);
        Assert.Equal("cancelled", data.RootElement.GetProperty("disposition").GetString());
        Assert.Equal(0, data.RootElement.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(1, data.RootElement.GetProperty("historyId").GetInt64());
        Assert.Equal(JsonValueKind.Null, data.RootElement.GetProperty("contact").ValueKind);
    }

    [Fact]
    public async Task ServerSentEventsWithoutATokenAreRefused()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var response = await anonymous.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }
}
