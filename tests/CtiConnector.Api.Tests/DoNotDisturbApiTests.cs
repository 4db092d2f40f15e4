using System.Net;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

public sealed class DoNotDisturbApiTests
{
    [Fact]
    public async Task TurningDoNotDisturbOnShowsInTheStatusTheTelephonyAndTheEventStream()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        using var stream = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("snapshot", (await ServerSentEvents.ReadEventAsync(reader)).Name);

        using var on = await server.Client.PostAsync("/v1/dnd", Json("{\"enabled\":true}"));
        using var again = await server.Client.PostAsync("/v1/dnd", Json("{\"enabled\":true}"));
        using var off = await server.Client.PostAsync("/v1/dnd", Json("{\"enabled\":false}"));

        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.True(JsonDocument.Parse(await on.Content.ReadAsStringAsync()).RootElement.GetProperty("doNotDisturb").GetBoolean());
        Assert.False(JsonDocument.Parse(await off.Content.ReadAsStringAsync()).RootElement.GetProperty("doNotDisturb").GetBoolean());
        var first = await ServerSentEvents.ReadEventAsync(reader);
        var second = await ServerSentEvents.ReadEventAsync(reader);
        Assert.Equal("dnd.changed", first.Name);
        Assert.True(JsonDocument.Parse(first.Data).RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal("dnd.changed", second.Name);
        Assert.False(JsonDocument.Parse(second.Data).RootElement.GetProperty("enabled").GetBoolean());
        Assert.False(server.Telephony.DoNotDisturb);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"enabled\":\"yes\"}")]
    public async Task ABodyWithoutABooleanIsRefused(string body)
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.PostAsync("/v1/dnd", Json(body));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task DoNotDisturbIsNeverAGet()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.GetAsync("/v1/dnd");

        await ProblemAssert.IsAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
