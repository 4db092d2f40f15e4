using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

/// <summary>Revoking an origin cuts the event streams it already holds, not only its next request.</summary>
public sealed class PairingRevocationTests
{
    [Fact]
    public async Task ARevokedOriginsServerSentEventStreamEndsAtOnce()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        var token = await PairAsync(anonymous);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        request.Headers.Add("Origin", ApiServer.CrmOrigin);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: snapshot", await reader.ReadLineAsync());

        await RevokeAsync(server);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        do
        {
            line = await ReadLineOrEndAsync(reader, timeout.Token);
        }
        while (line is not null);
        Assert.False(timeout.IsCancellationRequested, "the stream stayed open after the revocation");
    }

    [Fact]
    public async Task ARevokedOriginsWebSocketIsClosedAsAPolicyViolation()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        var token = await PairAsync(anonymous);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", ApiServer.CrmOrigin);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events"), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var first = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Contains("\"snapshot\"", Encoding.UTF8.GetString(buffer, 0, first.Count), StringComparison.Ordinal);

        await RevokeAsync(server);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WebSocketReceiveResult next;
        do
        {
            next = await socket.ReceiveAsync(buffer, timeout.Token);
        }
        while (next.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("pairing revoked", socket.CloseStatusDescription);
    }

    private static async Task<string> PairAsync(HttpClient anonymous)
    {
        using var pair = new HttpRequestMessage(HttpMethod.Post, "/v1/pair") { Content = new StringContent("{\"name\":\"CRM\"}", Encoding.UTF8, "application/json") };
        pair.Headers.Add("Origin", ApiServer.CrmOrigin);
        using var paired = await anonymous.SendAsync(pair);
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        return JsonDocument.Parse(await paired.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task RevokeAsync(ApiServer server)
    {
        using var body = new StringContent($"{{\"origin\":\"{ApiServer.CrmOrigin}\"}}", Encoding.UTF8, "application/json");
        using var revoked = await server.Client.PostAsync("/v1/pairings/revoke", body);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
    }

    private static async Task<string?> ReadLineOrEndAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException)
        {
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
