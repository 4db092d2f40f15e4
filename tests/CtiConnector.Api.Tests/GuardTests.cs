using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CtiConnector.Api.Tests;

/// <summary>Every refusal of the API guard, each against the real server (and each would pass the request if the check went).</summary>
public sealed class GuardTests
{
    [Fact]
    public async Task StatusWithTheTokenAnswersTheVersion()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.GetAsync("/v1/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"version\":\"1.2.3\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestWithoutATokenIsUnauthorized()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var response = await anonymous.GetAsync("/v1/status");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ARequestWithAWrongTokenIsUnauthorized()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiServer.Token + "x");

        var response = await client.GetAsync("/v1/status");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ATokenInTheQueryStringIsRefusedOutsideTheEventEndpoints()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var response = await anonymous.GetAsync($"/v1/status?access_token={ApiServer.Token}");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost.evil.example:{port}")]
    public async Task AForeignHostHeaderIsRefusedEvenWithTheToken(string host)
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Host = host.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await server.Client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden-host");
    }

    [Fact]
    public async Task TheLocalhostNameWithThePortIsAccepted()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Host = $"localhost:{server.Port}";

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AForeignOriginIsRefusedEvenWithTheToken()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await server.Client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden-origin");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnAllowedOriginGetsItsCorsHeader()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/status");
        request.Headers.Add("Origin", ApiServer.CrmOrigin);

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiServer.CrmOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task APreflightFromAForeignOriginIsRefusedAndFromAnAllowedOneAnswered()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Options, "/v1/calls");
        foreign.Headers.Add("Origin", "https://evil.example");
        foreign.Headers.Add("Access-Control-Request-Method", "POST");
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/v1/calls");
        allowed.Headers.Add("Origin", ApiServer.CrmOrigin);
        allowed.Headers.Add("Access-Control-Request-Method", "POST");

        var refused = await anonymous.SendAsync(foreign);
        var answered = await anonymous.SendAsync(allowed);

        await ProblemAssert.IsAsync(refused, HttpStatusCode.Forbidden, "forbidden-origin");
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        Assert.Equal(ApiServer.CrmOrigin, answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", answered.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGetOnAnActionIsRefusedAndDoesNothing()
    {
        await using var server = await ApiServer.StartAsync();
        var call = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        var response = await server.Client.GetAsync($"/v1/calls/{call.Id}/hangup");

        await ProblemAssert.IsAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.DoesNotContain($"hangup {call.Id}", server.Telephony.Commands);
        Assert.NotNull(server.Center.GetCall(call.Id));
    }

    [Fact]
    public async Task ATextPlainFormPostOnAnActionIsRefusedAndDoesNothing()
    {
        await using var server = await ApiServer.StartAsync();
        var call = await server.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        using var body = new StringContent("x=1", Encoding.UTF8, "text/plain");

        var response = await server.Client.PostAsync($"/v1/calls/{call.Id}/hangup", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.DoesNotContain($"hangup {call.Id}", server.Telephony.Commands);
    }

    [Fact]
    public async Task ATextPlainBodyWithJsonInsideIsRefusedOnCallCreation()
    {
        await using var server = await ApiServer.StartAsync();
        using var body = new StringContent("{\"to\":\"0611223344\"}", Encoding.UTF8, "text/plain");

        var response = await server.Client.PostAsync("/v1/calls", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Empty(server.Telephony.Commands);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedBeforeTheCallIsPlaced()
    {
        await using var server = await ApiServer.StartAsync();
        var padding = new string(' ', 70 * 1024);
        using var body = new StringContent("{\"to\":\"0611223344\"" + padding + "}", Encoding.UTF8, "application/json");

        var response = await server.Client.PostAsync("/v1/calls", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Empty(server.Telephony.Commands);
    }

    [Fact]
    public async Task AnOversizedChunkedBodyIsRefusedWhileReading()
    {
        await using var server = await ApiServer.StartAsync();
        var padding = new string(' ', 70 * 1024);
        using var body = new ChunkedContent("{\"to\":\"0611223344\"" + padding + "}");

        var response = await server.Client.PostAsync("/v1/calls", body);

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Empty(server.Telephony.Commands);
    }

    [Fact]
    public async Task CallCreationIsRateLimited()
    {
        await using var server = await ApiServer.StartAsync(callBurst: 2);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var body = new StringContent("{\"to\":\"0611223344\"}", Encoding.UTF8, "application/json");
            statuses.Add((await server.Client.PostAsync("/v1/calls", body)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, (HttpStatusCode)429], statuses);
    }

    /// <summary>A JSON body sent without Content-Length.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
