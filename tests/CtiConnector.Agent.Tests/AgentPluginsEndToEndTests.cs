using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// The real <c>cti agent</c> loading the three shipped CRM adapters from the <c>plugins/</c> folder its build put beside
/// it: the Webhook adapter talks to a Kestrel server started here, the SQL adapter to a SQLite file made here (a
/// contacts table and a journal table), the phonebook adapter reads a CSV file. sipp rings in from numbers each
/// known to one adapter only.
/// Verifies: the contact of <c>call.incoming</c> (or of the <c>call.updated</c> that follows when the lookup overran
/// the ring budget on a busy machine) comes from the right plugin; after the caller hangs up the webhook server has
/// received the call record and the SQL journal table holds it; a plugin whose lookup hangs and one whose lookup
/// throws cost only their own contribution (the other source's contact still comes, the history is complete, the
/// working journal still gets the call). Does not verify: journal retries over hours (the host's tests do), audio.
/// </summary>
public sealed class AgentPluginsEndToEndTests : IAsyncDisposable
{
    private const string WebhookNumber = "+33140000001";
    private const string SqlNumber = "+33140000002";
    private const string PhonebookNumber = "+33140000003";

    private readonly string _work = Directory.CreateTempSubdirectory("cti-plugins-e2e-").FullName;

    [Fact]
    public void TheAgentBuildPutsTheThreeAdaptersInItsPluginsFolderWithoutReferencingThem()
    {
        foreach (var name in new[] { "Webhook", "Sql", "PhonebookFile" })
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "plugins", name);
            Assert.True(File.Exists(Path.Combine(folder, "plugin.json")), $"{folder} has no plugin.json");
            Assert.True(File.Exists(Path.Combine(folder, $"CtiConnector.Plugins.{name}.dll")), $"{folder} has no entry assembly");
            Assert.False(File.Exists(Path.Combine(folder, "CtiConnector.Plugins.Abstractions.dll")), "the contract is the host's, never a plugin's copy");
            Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, $"CtiConnector.Plugins.{name}.dll")), "adapters load from plugins/, not beside the agent");
        }

        var deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cti.deps.json"));
        Assert.DoesNotContain("CtiConnector.Plugins.Webhook", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("CtiConnector.Plugins.Sql", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("CtiConnector.Plugins.PhonebookFile", deps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAdapterGivesTheContactOfItsCallerAndTheCrmsReceiveTheCallRecords()
    {
        await using var crm = await CrmServer.StartAsync(hangUnknownNumbers: false, journalStatus: 200);
        var database = CreateCrmDatabase();
        var phonebook = CreatePhonebook();
        await using var agent = await RunningAgent.StartAsync(
            PluginArguments(crm, database, phonebook, sqlLookupTable: "crm_contacts"));
        using var client = agent.CreateClient();
        await AssertPluginsLoadedAsync(client);

        using var stream = await client.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("snapshot", (await NextEventAsync(reader)).Type);

        var expected = new[]
        {
            (Number: WebhookNumber, Name: "Wanda Webhook", Company: "Hooks SA"),
            (Number: SqlNumber, Name: "Samuel Sql", Company: "Tables SARL"),
            (Number: PhonebookNumber, Name: "Paula Phonebook", Company: (string?)null),
        };
        var historyIds = new List<long>();
        var callIds = new List<string>();
        foreach (var (number, name, company) in expected)
        {
            var (callId, contact, historyId) = await RingFromAsync(agent, reader, number);
            Assert.Equal(name, contact.GetProperty("name").GetString());
            if (company is not null)
            {
                Assert.Equal(company, contact.GetProperty("company").GetString());
            }

            callIds.Add(callId);
            historyIds.Add(historyId);
        }

        // The webhook CRM receives each finished call as the history record (JSON), once.
        var journal = await crm.WaitForJournalAsync(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var record = journal.Single(r => r.GetProperty("callId").GetString() == callIds[i]);
            Assert.Equal(historyIds[i], record.GetProperty("id").GetInt64());
            Assert.Equal("missed", record.GetProperty("disposition").GetString());
            Assert.Equal(expected[i].Number, record.GetProperty("remote").GetProperty("e164").GetString());
            Assert.Equal(expected[i].Name, record.GetProperty("contact").GetProperty("name").GetString());
        }

        // The SQL CRM's journal table holds the same calls.
        var rows = await WaitForSqlJournalAsync(database, expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var row = rows.Single(r => r.CallId == callIds[i]);
            Assert.Equal(historyIds[i], row.HistoryId);
            Assert.Equal(expected[i].Number, row.E164);
            Assert.Equal("missed", row.Disposition);
            Assert.Equal(expected[i].Name, row.ContactName);
        }
    }

    [Fact]
    public async Task APluginWhoseLookupThrowsAndOneWhoseLookupHangsCostOnlyTheirOwnContribution()
    {
        // The SQL lookup queries a table that does not exist (it throws, ahead of the webhook in source order); the
        // webhook CRM answers the one number it knows and never answers any other (its adapter's own timeout is a
        // minute: the host's budget must cut it), and fails every journal post.
        await using var crm = await CrmServer.StartAsync(hangUnknownNumbers: true, journalStatus: 500);
        var database = CreateCrmDatabase();
        var phonebook = CreatePhonebook();
        await using var agent = await RunningAgent.StartAsync(
            PluginArguments(crm, database, phonebook, sqlLookupTable: "no_such_table", webhookTimeoutMs: 60000));
        using var client = agent.CreateClient();
        await AssertPluginsLoadedAsync(client);

        using var stream = await client.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("snapshot", (await NextEventAsync(reader)).Type);

        // A first call warms the plugins up: a freshly loaded plugin's first lookup pays its JIT and connection set-up,
        // which on a loaded 2-core machine can overrun the host's 2 s limit. This test is about a throwing and a
        // hanging plugin, not about cold starts, so that first call's contact is not asserted.
        await RingFromAsync(agent, reader, WebhookNumber, contactRequired: false);

        // The throwing SQL lookup comes before the webhook: its failure is a miss, the webhook's contact still comes.
        var fromWebhook = await RingFromAsync(agent, reader, WebhookNumber);
        Assert.Equal("Wanda Webhook", fromWebhook.Contact.GetProperty("name").GetString());

        // The webhook hangs on this number: the phonebook's contact comes all the same.
        var fromPhonebook = await RingFromAsync(agent, reader, PhonebookNumber);
        Assert.Equal("Paula Phonebook", fromPhonebook.Contact.GetProperty("name").GetString());

        // The history is complete: both records are final, with the contact the working source gave.
        foreach (var (call, number, name) in new[] { (fromWebhook, WebhookNumber, "Wanda Webhook"), (fromPhonebook, PhonebookNumber, "Paula Phonebook") })
        {
            using var response = await client.GetAsync("/v1/history?number=" + Uri.EscapeDataString(number));
            var record = (await ReadJsonAsync(response)).EnumerateArray().Single(r => r.GetProperty("callId").GetString() == call.CallId);
            Assert.Equal(call.HistoryId, record.GetProperty("id").GetInt64());
            Assert.Equal("missed", record.GetProperty("disposition").GetString());
            Assert.Equal(name, record.GetProperty("contact").GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, record.GetProperty("endedAt").ValueKind);
        }

        // The SQL journal gets both calls although the same plugin's lookup throws and the webhook journal fails.
        var rows = await WaitForSqlJournalAsync(database, 3);
        Assert.Equal("Wanda Webhook", rows.Single(r => r.CallId == fromWebhook.CallId).ContactName);
        Assert.Equal("Paula Phonebook", rows.Single(r => r.CallId == fromPhonebook.CallId).ContactName);
        await crm.WaitForJournalAttemptAsync();

        // The agent still answers and still lists every plugin.
        using var plugins = await client.GetAsync("/v1/plugins");
        Assert.Equal(3, (await ReadJsonAsync(plugins)).GetArrayLength());
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static string[] PluginArguments(CrmServer crm, string database, string phonebook, string sqlLookupTable, int webhookTimeoutMs = 10000) =>
    [
        "--Plugins:Webhook:Enabled=true",
        $"--Plugins:Webhook:LookupUrl={crm.BaseUrl}/contacts/{{e164}}",
        "--Plugins:Webhook:Headers:X-Api-Key=k-123",
        "--Plugins:Webhook:Map:Id=$.data[0].id",
        "--Plugins:Webhook:Map:Name=$.data[0].full_name",
        "--Plugins:Webhook:Map:Company=$.data[0].org",
        $"--Plugins:Webhook:JournalUrl={crm.BaseUrl}/journal",
        $"--Plugins:Webhook:TimeoutMs={webhookTimeoutMs.ToString(CultureInfo.InvariantCulture)}",
        "--Plugins:Sql:Enabled=true",
        "--Plugins:Sql:Provider=sqlite",
        $"--Plugins:Sql:ConnectionString=Data Source={database}",
        $"--Plugins:Sql:LookupQuery=SELECT id, name, company FROM {sqlLookupTable} WHERE phone = @e164",
        "--Plugins:Sql:JournalCommand=INSERT INTO crm_journal (history_id, call_id, e164, disposition, contact_name, duration) "
            + "VALUES (@historyId, @callId, @e164, @disposition, @contactName, @durationSeconds)",
        "--Plugins:PhonebookFile:Enabled=true",
        $"--Plugins:PhonebookFile:Path={phonebook}",
    ];

    private string CreateCrmDatabase()
    {
        var path = Path.Combine(_work, "crm.db");
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            CREATE TABLE crm_contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL, company TEXT, phone TEXT NOT NULL);
            CREATE TABLE crm_journal (history_id INTEGER, call_id TEXT, e164 TEXT, disposition TEXT, contact_name TEXT, duration INTEGER);
            INSERT INTO crm_contacts VALUES ('s-1', 'Samuel Sql', 'Tables SARL', $phone);
            """;
        command.Parameters.AddWithValue("$phone", SqlNumber);
        command.ExecuteNonQuery();
        return path;
    }

    private string CreatePhonebook()
    {
        var path = Path.Combine(_work, "phonebook.csv");
        File.WriteAllText(path, "Name;Phone\r\nPaula Phonebook;01 40 00 00 03\r\n", new UTF8Encoding(false));
        return path;
    }

    private static async Task AssertPluginsLoadedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/plugins");
        var plugins = await ReadJsonAsync(response);
        foreach (var id in new[] { "Webhook", "Sql", "PhonebookFile" })
        {
            var plugin = plugins.EnumerateArray().SingleOrDefault(p => p.GetProperty("id").GetString() == id);
            Assert.True(plugin.ValueKind == JsonValueKind.Object, $"{id} is not listed: {plugins}");
            Assert.Equal("loaded", plugin.GetProperty("state").GetString());
        }
    }

    /// <summary>
    /// sipp calls the agent from <paramref name="number"/> and gives up after ringing 5 s (a missed call): longer than
    /// the plugin host's 2 s lookup budget, so a contact a plugin gives late (a cold plugin on a busy machine) still
    /// reaches the ringing call as <c>call.updated</c>.
    /// </summary>
    private static async Task<(string CallId, JsonElement Contact, long HistoryId)> RingFromAsync(
        RunningAgent agent, StreamReader reader, string number, bool contactRequired = true)
    {
        var scenario = SippScenarios.Load("uac-cancel.xml")
            .Replace("\"Hervé Lefèvre\" ", string.Empty, StringComparison.Ordinal)
            .Replace("+33123456789", number, StringComparison.Ordinal);
        Assert.Contains("<pause milliseconds=\"300\" />", scenario, StringComparison.Ordinal);
        scenario = scenario.Replace("<pause milliseconds=\"300\" />", "<pause milliseconds=\"5000\" />", StringComparison.Ordinal);
        await using var sipp = SippRunner.Start(scenario, $"127.0.0.1:{agent.SipPort.ToString(CultureInfo.InvariantCulture)}", "-s", "cti", "-m", "1");

        var incoming = await NextEventAsync(reader, "call.incoming");
        Assert.Equal(number, incoming.Data.GetProperty("remote").GetProperty("e164").GetString());
        var callId = incoming.Data.GetProperty("callId").GetString()!;

        // The contact comes with call.incoming, or (when the lookup overran its budget on a busy machine) in call.updated.
        var contact = incoming.Data.GetProperty("contact");
        var next = await NextEventAsync(reader, "call.updated", "call.ended");
        if (contact.ValueKind == JsonValueKind.Null)
        {
            Assert.True(next.Type == "call.updated" || !contactRequired, $"no contact came for {number}; the agent said:\n{agent.Process.Output}{agent.Process.Error}");
            contact = next.Type == "call.updated" ? next.Data.GetProperty("contact") : contact;
        }

        while (next.Type != "call.ended")
        {
            next = await NextEventAsync(reader, "call.updated", "call.ended");
        }

        Assert.Equal(callId, next.Data.GetProperty("callId").GetString());
        Assert.Equal("missed", next.Data.GetProperty("disposition").GetString());
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        Assert.True(contact.ValueKind == JsonValueKind.Object || !contactRequired, $"no contact came for {number}");
        return (callId, contact.Clone(), next.Data.GetProperty("historyId").GetInt64());
    }

    private static async Task<List<JournalRow>> WaitForSqlJournalAsync(string database, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var rows = new List<JournalRow>();
            await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT history_id, call_id, e164, disposition, contact_name FROM crm_journal";
                await using var result = await command.ExecuteReaderAsync(timeout.Token);
                while (await result.ReadAsync(timeout.Token))
                {
                    rows.Add(new JournalRow(result.GetInt64(0), result.GetString(1), result.GetString(2), result.GetString(3), result.IsDBNull(4) ? null : result.GetString(4)));
                }
            }

            if (rows.Count >= count)
            {
                Assert.Equal(count, rows.Count);
                return rows;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Reads Server-Sent Events until one of <paramref name="types"/> (any type when none) arrives.</summary>
    private static async Task<(string Type, JsonElement Data)> NextEventAsync(StreamReader reader, params string[] types)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? current = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The event stream ended.");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current is not null)
            {
                if (types.Length == 0 || types.Contains(current))
                {
                    return (current, JsonDocument.Parse(line[6..]).RootElement.Clone());
                }

                current = null;
            }
        }
    }

    private sealed record JournalRow(long HistoryId, string CallId, string E164, string Disposition, string? ContactName);

    /// <summary>
    /// The webhook CRM: Kestrel on 127.0.0.1, a free port. <c>GET /contacts/{e164}</c> knows one number (or never
    /// answers the others when told to hang); <c>POST /journal</c> records the body and answers the given status.
    /// </summary>
    private sealed class CrmServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _journal = new();
        private readonly CancellationTokenSource _stopping = new();
        private int _journalAttempts;

        private CrmServer(WebApplication app)
        {
            _app = app;
        }

        public string BaseUrl { get; private set; } = "";

        public static async Task<CrmServer> StartAsync(bool hangUnknownNumbers, int journalStatus)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new CrmServer(app);
            app.MapGet("/contacts/{e164}", async (HttpContext context, string e164) =>
            {
                if (hangUnknownNumbers && e164 != WebhookNumber)
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server._stopping.Token);
                    await Task.Delay(Timeout.InfiniteTimeSpan, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                }

                if (context.Request.Headers["X-Api-Key"] != "k-123" || e164 != WebhookNumber)
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    """{"data":[{"id":"w-1","full_name":"Wanda Webhook","org":"Hooks SA"}]}""", context.RequestAborted);
            });
            app.MapPost("/journal", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                Interlocked.Increment(ref server._journalAttempts);
                context.Response.StatusCode = journalStatus;
                if (journalStatus < 300)
                {
                    server._journal.Enqueue(body);
                }
            });
            await app.StartAsync();
            server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            return server;
        }

        /// <summary>Waits until <paramref name="count"/> journal posts were accepted and returns their bodies.</summary>
        public async Task<List<JsonElement>> WaitForJournalAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (_journal.Count < count)
            {
                await Task.Delay(100, timeout.Token);
            }

            Assert.Equal(count, _journal.Count);
            return [.. _journal.Select(body => JsonDocument.Parse(body).RootElement.Clone())];
        }

        /// <summary>Waits until the adapter tried to post at least one journal entry.</summary>
        public async Task WaitForJournalAttemptAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (Volatile.Read(ref _journalAttempts) == 0)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _stopping.Dispose();
        }
    }
}
