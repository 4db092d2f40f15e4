using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.Webhook.Tests;

public sealed class WebhookPluginTests : IAsyncLifetime
{
    private static readonly PhoneNumberQuery Alice = new("0123456789", "+33123456789", "0123456789", "ALICE");

    private TestCrmServer _crm = null!;

    public async Task InitializeAsync() => _crm = await TestCrmServer.StartAsync();

    public async Task DisposeAsync() => await _crm.DisposeAsync();

    [Fact]
    public async Task LookupMapsTheAnswerThroughTheConfiguredJsonPaths()
    {
        _crm.Handler = context => context.Response.WriteAsync(
            """{"data":[{"id":7,"full_name":"Alice Martin","org":{"name":"ACME"},"link":"https://crm.example/c/7"}]}""");
        await using var plugin = await CreateAsync(new()
        {
            ["LookupUrl"] = _crm.BaseUrl + "/api/contacts?phone={e164}",
            ["Map:Id"] = "$.data[0].id",
            ["Map:Name"] = "$.data[0].full_name",
            ["Map:Company"] = "$.data[0].org.name",
            ["Map:Url"] = "$['data'][0]['link']",
        });

        var contact = await plugin.LookupAsync(Alice, CancellationToken.None);

        Assert.Equal(new PluginContact("7", "Alice Martin", "ACME", "https://crm.example/c/7"), contact);
        var request = Assert.Single(_crm.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/contacts?phone=%2B33123456789", request.PathAndQuery);
    }

    [Fact]
    public async Task LookupUrlFillsEveryFormOfTheNumberUrlEncoded()
    {
        await using var plugin = await CreateAsync(new()
        {
            ["LookupUrl"] = _crm.BaseUrl + "/find/{national}?e={e164}&raw={number}",
        });

        await plugin.LookupAsync(new PhoneNumberQuery("01 23 45 67 89", "+33123456789", "0123456789", null), CancellationToken.None);

        Assert.Equal("/find/0123456789?e=%2B33123456789&raw=01%2023%2045%2067%2089", Assert.Single(_crm.Requests).PathAndQuery);
    }

    [Fact]
    public async Task LookupSendsTheConfiguredHeaders()
    {
        await using var plugin = await CreateAsync(new()
        {
            ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}",
            ["Headers:X-Api-Key"] = "s3cret",
            ["Headers:Authorization"] = "Bearer abc",
        });

        await plugin.LookupAsync(Alice, CancellationToken.None);

        var request = Assert.Single(_crm.Requests);
        Assert.Equal("s3cret", request.Headers["X-Api-Key"]);
        Assert.Equal("Bearer abc", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task NotFoundIsAMiss()
    {
        _crm.Handler = context =>
        {
            context.Response.StatusCode = 404;
            return context.Response.WriteAsync("""{"error":"no such contact"}""");
        };
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}" });

        Assert.Null(await plugin.LookupAsync(Alice, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{"data":[{"full_name":null}]}""")]
    public async Task AnEmptyAnswerOrAMissingNameIsAMiss(string body)
    {
        _crm.Handler = context => context.Response.WriteAsync(body);
        await using var plugin = await CreateAsync(new()
        {
            ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}",
            ["Map:Name"] = "$.data[0].full_name",
        });

        Assert.Null(await plugin.LookupAsync(Alice, CancellationToken.None));
        Assert.Single(_crm.Requests);
    }

    [Fact]
    public async Task ANumberWithoutTheFormTheUrlNeedsIsAMissWithoutARequest()
    {
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}" });

        Assert.Null(await plugin.LookupAsync(new PhoneNumberQuery("alice", null, null, null), CancellationToken.None));
        Assert.Empty(_crm.Requests);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task AnErrorStatusIsAnError(int status)
    {
        _crm.Handler = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}" });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => plugin.LookupAsync(Alice, CancellationToken.None));
        Assert.Equal(status, (int?)error.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonIsAnError()
    {
        _crm.Handler = context => context.Response.WriteAsync("""{"data":[{"full_name":"Alice""");
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}" });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => plugin.LookupAsync(Alice, CancellationToken.None));
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerSlowerThanTimeoutMsIsATimeout()
    {
        _crm.Handler = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            await context.Response.WriteAsync("""{"name":"Too Late"}""");
        };
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}", ["TimeoutMs"] = "200" });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => plugin.LookupAsync(Alice, CancellationToken.None));
        Assert.Contains("200 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowAnswerWithinTimeoutMsIsAHit()
    {
        _crm.Handler = async context =>
        {
            await Task.Delay(100, context.RequestAborted);
            await context.Response.WriteAsync("""{"name":"Slow Sam"}""");
        };
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}", ["TimeoutMs"] = "20000" });

        var contact = await plugin.LookupAsync(Alice, CancellationToken.None);

        Assert.Equal("Slow Sam", contact?.Name);
    }

    [Fact]
    public async Task JournalBodyBracesThatAreNotPlaceholdersStayAsWritten()
    {
        await using var plugin = await CreateAsync(new()
        {
            ["JournalUrl"] = _crm.BaseUrl + "/calls",
            ["JournalBody"] = """{"call":{"id":{historyId},"meta":{}},"list":[{"n":"{number}"}]}""",
        });
        _crm.Handler = _ => Task.CompletedTask;

        await plugin.JournalAsync(Call(), CancellationToken.None);

        Assert.Equal("""{"call":{"id":42,"meta":{}},"list":[{"n":"0123456789"}]}""", Assert.Single(_crm.Requests).Body);
    }

    [Fact]
    public async Task TheCallersCancellationIsHonoured()
    {
        _crm.Handler = context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        await using var plugin = await CreateAsync(new() { ["LookupUrl"] = _crm.BaseUrl + "/c/{e164}", ["TimeoutMs"] = "60000" });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plugin.LookupAsync(Alice, cts.Token));
    }

    [Fact]
    public async Task JournalPostsTheHistoryRecordAsJsonByDefault()
    {
        _crm.Handler = context =>
        {
            context.Response.StatusCode = 201;
            return Task.CompletedTask;
        };
        await using var plugin = await CreateAsync(new() { ["JournalUrl"] = _crm.BaseUrl + "/calls?contact={contactId}" });

        await plugin.JournalAsync(Call(), CancellationToken.None);

        var request = Assert.Single(_crm.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/calls?contact=c%2F7", request.PathAndQuery);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(42, body.RootElement.GetProperty("id").GetInt64());
        Assert.Equal("inbound", body.RootElement.GetProperty("direction").GetString());
        Assert.Equal("+33123456789", body.RootElement.GetProperty("remote").GetProperty("e164").GetString());
        Assert.Equal("Alice \"Al\" Martin", body.RootElement.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(65, body.RootElement.GetProperty("durationSeconds").GetInt32());
        Assert.Equal("answered", body.RootElement.GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task JournalUsesPutAndTheBodyTemplateWithJsonEscapedValues()
    {
        await using var plugin = await CreateAsync(new()
        {
            ["JournalUrl"] = _crm.BaseUrl + "/timeline/{historyId}",
            ["JournalMethod"] = "put",
            ["JournalBody"] = """{"phone":"{e164}","who":"{contactName}","secs":{durationSeconds},"at":"{startedAt}","notes":"{notes}"}""",
        });
        _crm.Handler = _ => Task.CompletedTask;

        await plugin.JournalAsync(Call(), CancellationToken.None);

        var request = Assert.Single(_crm.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/timeline/42", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("+33123456789", body.RootElement.GetProperty("phone").GetString());
        Assert.Equal("Alice \"Al\" Martin", body.RootElement.GetProperty("who").GetString());
        Assert.Equal(65, body.RootElement.GetProperty("secs").GetInt32());
        Assert.Equal("2026-01-02T03:04:05Z", body.RootElement.GetProperty("at").GetString());
        Assert.Equal("line 1\nline 2", body.RootElement.GetProperty("notes").GetString());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task AJournalErrorStatusThrowsSoTheAgentRetries(int status)
    {
        _crm.Handler = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        await using var plugin = await CreateAsync(new() { ["JournalUrl"] = _crm.BaseUrl + "/calls" });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => plugin.JournalAsync(Call(), CancellationToken.None));
        Assert.Equal(status, (int?)error.StatusCode);
    }

    [Fact]
    public async Task AJournalRequestOverItsTimeoutThrows()
    {
        _crm.Handler = context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        await using var plugin = await CreateAsync(new() { ["JournalUrl"] = _crm.BaseUrl + "/calls", ["JournalTimeoutMs"] = "200" });

        await Assert.ThrowsAsync<TimeoutException>(() => plugin.JournalAsync(Call(), CancellationToken.None));
    }

    [Theory]
    [InlineData("LookupUrl", "http://127.0.0.1/{phone}", "unknown placeholder {phone}")]
    [InlineData("LookupUrl", "not a url {e164}", "absolute http or https")]
    [InlineData("JournalMethod", "DELETE", "POST or PUT")]
    [InlineData("Map:Name", "$.data[x]", "array index")]
    [InlineData("TimeoutMs", "soon", "milliseconds")]
    public async Task ABadSettingFailsInitialisationNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["LookupUrl"] = "http://127.0.0.1:1/{e164}", [key] = value };
        var plugin = new WebhookPlugin();

        var error = await Assert.ThrowsAsync<FormatException>(() => plugin.InitializeAsync(Context(settings), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static CallRecord Call() => new(
        42, "call-1", "inbound", "0123456789", "+33123456789", "ALICE", "c/7", "Alice \"Al\" Martin",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 3, 4, 10, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 3, 5, 15, TimeSpan.Zero), 65, "answered", "line 1\nline 2", "1");

    private static PluginContext Context(Dictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger.Instance, Path.GetTempPath(), "FR");

    private static async Task<WebhookPlugin> CreateAsync(Dictionary<string, string?> settings)
    {
        // Timing is not what these tests are about: a generous budget unless the test sets one.
        settings.TryAdd("TimeoutMs", "20000");
        var plugin = new WebhookPlugin();
        await plugin.InitializeAsync(Context(settings), CancellationToken.None);
        return plugin;
    }
}
