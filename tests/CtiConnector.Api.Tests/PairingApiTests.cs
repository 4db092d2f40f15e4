using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

public sealed class PairingApiTests
{
    private static HttpRequestMessage Pair(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/pair")
        {
            Content = new StringContent("{\"name\":\"My CRM\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return request;
    }

    [Fact]
    public async Task AnAllowedOriginGetsItsTokenAtOnce()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        using var request = Pair(ApiServer.CrmOrigin);

        var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("paired", body.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task AnUnknownOriginWaitsForTheUserThenItsTokenWorksFromThatOriginOnly()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        const string origin = "https://other-crm.example";

        using var first = Pair(origin);
        var pending = await anonymous.SendAsync(first);
        using var approveBody = new StringContent($"{{\"origin\":\"{origin}\"}}", Encoding.UTF8, "application/json");
        var approved = await server.Client.PostAsync("/v1/pairings/approve", approveBody);
        using var second = Pair(origin);
        var paired = await anonymous.SendAsync(second);
        using var pairedBody = JsonDocument.Parse(await paired.Content.ReadAsStringAsync());
        var token = pairedBody.RootElement.GetProperty("token").GetString();

        using var fromOrigin = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        fromOrigin.Headers.Add("Origin", origin);
        fromOrigin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var fromAllowedOrigin = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        fromAllowedOrigin.Headers.Add("Origin", ApiServer.CrmOrigin);
        fromAllowedOrigin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal(origin, pending.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(fromOrigin)).StatusCode);
        await ProblemAssert.IsAsync(await anonymous.SendAsync(fromAllowedOrigin), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task APendingOriginCannotUseTheApi()
    {
        await using var server = await ApiServer.StartAsync();
        const string origin = "https://other-crm.example";
        using var pair = Pair(origin);
        await server.AnonymousClient().SendAsync(pair);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Add("Origin", origin);

        var response = await server.Client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden-origin");
    }

    [Fact]
    public async Task APairedOriginsTokenCannotApproveOtherOrigins()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        using var pair = Pair(ApiServer.CrmOrigin);
        using var pairBody = JsonDocument.Parse(await (await anonymous.SendAsync(pair)).Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/pairings/approve")
        {
            Content = new StringContent("{\"origin\":\"https://evil.example\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", ApiServer.CrmOrigin);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pairBody.RootElement.GetProperty("token").GetString());

        var response = await anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ARevokedOriginsTokenStopsWorking()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        using var pair = Pair(ApiServer.CrmOrigin);
        using var pairBody = JsonDocument.Parse(await (await anonymous.SendAsync(pair)).Content.ReadAsStringAsync());
        var token = pairBody.RootElement.GetProperty("token").GetString();
        using var revokeBody = new StringContent($"{{\"origin\":\"{ApiServer.CrmOrigin}\"}}", Encoding.UTF8, "application/json");
        await server.Client.PostAsync("/v1/pairings/revoke", revokeBody);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Add("Origin", ApiServer.CrmOrigin);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }
}
