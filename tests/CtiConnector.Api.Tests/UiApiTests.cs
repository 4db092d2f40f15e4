using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CtiConnector.Api.Ui;

namespace CtiConnector.Api.Tests;

/// <summary>
/// The web UI's server side against the real Kestrel server: its files (no token, strict CSP, ETag), the one-time sign-in
/// link, the session cookie and every refusal around it (each would let the request through if its check went).
/// </summary>
public sealed class UiApiTests
{
    [Fact]
    public async Task TheAppIsServedWithoutATokenUnderAStrictContentSecurityPolicy()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var response = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/ui/app.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.Token, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePopupPageAndTheScriptsHaveTheirContentTypes()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var popup = await anonymous.GetAsync("/popup");
        var script = await anonymous.GetAsync("/ui/app.js");
        var style = await anonymous.GetAsync("/ui/app.css");

        Assert.Equal(HttpStatusCode.OK, popup.StatusCode);
        Assert.Contains("/ui/popup.js", await popup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task AFileIsNotSentAgainWhenItsETagMatches()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        var first = await anonymous.GetAsync("/ui/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await anonymous.SendAsync(again);

        Assert.NotNull(first.Headers.ETag);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/ui/missing.js")]
    [InlineData("/ui/index.html")]
    [InlineData("/ui/sub/app.js")]
    public async Task OnlyTheUiFilesAreServed(string path)
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheUiFilesStillNeedTheLoopbackHost()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"evil.example:{server.Port}";

        var response = await anonymous.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden-host");
    }

    [Fact]
    public async Task ASignInLinkNeedsTheUsersOwnToken()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.AnonymousClient();
        var crmToken = await PairedTokenAsync(server);
        using var crm = new HttpRequestMessage(HttpMethod.Post, "/v1/ui/signin-links");
        crm.Headers.Authorization = new AuthenticationHeaderValue("Bearer", crmToken);
        crm.Headers.Add("Origin", ApiServer.CrmOrigin);

        var withoutToken = await anonymous.PostAsync("/v1/ui/signin-links", null);
        var withCrmToken = await anonymous.SendAsync(crm);

        await ProblemAssert.IsAsync(withoutToken, HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.IsAsync(withCrmToken, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ASignInLinkBecomesAnHttpOnlySameSiteCookieOnce()
    {
        await using var server = await ApiServer.StartAsync();
        var link = await SignInLinkAsync(server);
        using var browser = NoCookieClient(server);

        var first = await browser.GetAsync(link);
        var second = await browser.GetAsync(link);

        Assert.StartsWith($"http://127.0.0.1:{server.Port}/ui/signin?code=", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(UiSessions.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.False(second.Headers.Contains("Set-Cookie"));
        Assert.Contains("cti ui", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSessionCookieActsAsTheUserOnTheAgentsOwnPages()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);

        var fromScript = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/pairings", session, $"http://127.0.0.1:{server.Port}", "same-origin"));
        var plain = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/status", session, origin: null, site: null));

        Assert.Equal(HttpStatusCode.OK, fromScript.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task TheSessionCookieFromAnotherOriginIsRefusedEvenWhenThatOriginIsAllowed()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);

        var response = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/status", session, ApiServer.CrmOrigin, "cross-site"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task TheSessionCookieSentByAnotherPortOfTheSameSiteIsRefused()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);

        // A no-cors request (no Origin header) from a page on another 127.0.0.1 port: same site, other origin.
        var response = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/history", session, origin: null, site: "same-site"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AMadeUpSessionCookieIsRefused()
    {
        await using var server = await ApiServer.StartAsync();
        using var browser = NoCookieClient(server);

        var response = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/status", "made-up-session", origin: null, site: null));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);
        var own = $"http://127.0.0.1:{server.Port}";

        var logout = await browser.SendAsync(WithSession(HttpMethod.Post, "/ui/logout", session, own, "same-origin"));
        var after = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/status", session, own, "same-origin"));

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ProblemAssert.IsAsync(after, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task LogoutFromAForeignOriginIsRefusedAndTheSessionLives()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);

        var logout = await browser.SendAsync(WithSession(HttpMethod.Post, "/ui/logout", session, "https://evil.example", "cross-site"));
        var after = await browser.SendAsync(WithSession(HttpMethod.Get, "/v1/status", session, origin: null, site: null));

        await ProblemAssert.IsAsync(logout, HttpStatusCode.Forbidden, "forbidden-origin");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task TheWebSocketHandshakeTakesTheSessionFromTheAgentsOwnOrigin()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", $"{UiSessions.CookieName}={session}");
        socket.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{server.Port}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events"), timeout.Token);
        using var snapshot = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token));

        Assert.Equal("snapshot", snapshot.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheWebSocketHandshakeWithTheSessionFromAnAllowedCrmOriginIsRefused()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", $"{UiSessions.CookieName}={session}");
        socket.Options.SetRequestHeader("Origin", ApiServer.CrmOrigin);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/v1/events"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task ServerSentEventsWithTheSessionFromAnAllowedCrmOriginAreRefused()
    {
        await using var server = await ApiServer.StartAsync();
        var session = await SignInAsync(server);
        using var browser = NoCookieClient(server);

        var response = await browser.SendAsync(
            WithSession(HttpMethod.Get, "/v1/events/stream", session, ApiServer.CrmOrigin, "cross-site"), HttpCompletionOption.ResponseHeadersRead);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task TheSettingsListTheConfiguredOriginsForTheUserOnly()
    {
        await using var server = await ApiServer.StartAsync();
        var crmToken = await PairedTokenAsync(server);
        using var anonymous = server.AnonymousClient();
        using var crm = new HttpRequestMessage(HttpMethod.Get, "/v1/ui/settings");
        crm.Headers.Authorization = new AuthenticationHeaderValue("Bearer", crmToken);
        crm.Headers.Add("Origin", ApiServer.CrmOrigin);

        var own = await server.Client.GetAsync("/v1/ui/settings");
        var fromCrm = await anonymous.SendAsync(crm);

        using var body = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        Assert.Equal(ApiServer.CrmOrigin, body.RootElement.GetProperty("allowedOrigins")[0].GetString());
        Assert.Equal("null", body.RootElement.GetProperty("audioDevice").GetString());
        await ProblemAssert.IsAsync(fromCrm, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheSignInLinkButNotThePages()
    {
        await using var server = await ApiServer.StartAsync();

        var document = await server.Client.GetStringAsync("/v1/openapi.json");

        Assert.Contains("/v1/ui/signin-links", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/popup\"", document, StringComparison.Ordinal);
    }

    internal static async Task<string> SignInLinkAsync(ApiServer server)
    {
        var response = await server.Client.PostAsync("/v1/ui/signin-links", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("url").GetString()!;
    }

    /// <summary>Signs in through a fresh link and returns the session cookie's value.</summary>
    internal static async Task<string> SignInAsync(ApiServer server)
    {
        var link = await SignInLinkAsync(server);
        using var browser = NoCookieClient(server);
        var response = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        return cookie[(UiSessions.CookieName.Length + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private static HttpClient NoCookieClient(ApiServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

    private static HttpRequestMessage WithSession(HttpMethod method, string path, string session, string? origin, string? site)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{UiSessions.CookieName}={session}");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        return request;
    }

    private static async Task<string> PairedTokenAsync(ApiServer server)
    {
        using var anonymous = server.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/pair") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", ApiServer.CrmOrigin);
        var response = await anonymous.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    internal static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
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
