using CtiConnector.Testing.Agent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// The real <c>cti agent</c> process with a real SIP peer (sipp), driven only through PRODUCT.md's public surface.
/// Verifies: click-to-call reaches the peer and is logged; an incoming call pops the imported contact on the event
/// stream (snapshot first) and is logged as missed with that contact; a call live when the agent is killed is in the
/// history as interrupted after the next start. Does not verify: audio (the telephony tests do).
/// </summary>
public sealed class AgentCallFlowTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cti-flow-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task PostingACallMakesSippReceiveTheInviteAndTheCallIsLogged()
    {
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        using var agent = AgentProcess.Start(AgentArguments());
        using var client = await ConnectAsync(agent);

        using var created = await client.PostAsync("/v1/calls", Json(new { to = sipp.Uri() }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var callId = (await ReadJsonAsync(created)).GetProperty("id").GetString()!;
        await WaitForCallStateAsync(client, callId, "active");
        using var hangup = await client.PostAsync($"/v1/calls/{callId}/hangup", Json(new { }));

        Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        var record = await WaitForHistoryAsync(client, callId);
        Assert.Equal("answered", record.GetProperty("disposition").GetString());
        Assert.Equal("outbound", record.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task AnIncomingCallPopsTheImportedContactOnTheEventStreamAndIsLoggedAsMissed()
    {
        using var agent = AgentProcess.Start(AgentArguments());
        using var client = await ConnectAsync(agent);
        var csv = "Nom;Société;Téléphone\r\nHervé Lefèvre;Lefèvre Conseil;01 23 45 67 89\r\n";
        using var import = await client.PostAsync("/v1/contacts/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());

        using var stream = await client.GetAsync("/v1/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("snapshot", (await NextEventAsync(reader)).Type);

        var info = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "agent.json"))).RootElement;
        await using var sipp = SippRunner.Start(
            SippScenarios.Load("uac-cancel.xml"), $"127.0.0.1:{info.GetProperty("sipPort").GetInt32()}", "-s", "cti", "-m", "1");

        var incoming = await NextEventAsync(reader, "call.incoming");
        Assert.Equal("inbound", incoming.Data.GetProperty("direction").GetString());
        Assert.Equal("+33123456789", incoming.Data.GetProperty("remote").GetProperty("e164").GetString());

        // The contact comes with call.incoming, or (when the lookup overran its budget on a busy machine) in call.updated.
        var contact = incoming.Data.GetProperty("contact");
        if (contact.ValueKind == JsonValueKind.Null)
        {
            contact = (await NextEventAsync(reader, "call.updated")).Data.GetProperty("contact");
        }

        Assert.Equal("Hervé Lefèvre", contact.GetProperty("name").GetString());
        Assert.Equal("Lefèvre Conseil", contact.GetProperty("company").GetString());
        var ended = await NextEventAsync(reader, "call.ended");
        Assert.Equal("missed", ended.Data.GetProperty("disposition").GetString());
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());

        using var history = await client.GetAsync("/v1/history?number=0123456789");
        var record = (await ReadJsonAsync(history)).EnumerateArray().First();
        Assert.Equal("missed", record.GetProperty("disposition").GetString());
        Assert.Equal("Hervé Lefèvre", record.GetProperty("contact").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ACallLiveWhenTheAgentIsKilledIsInTheHistoryAsInterruptedAfterTheNextStart()
    {
        string callId;
        using (var agent = AgentProcess.Start(AgentArguments()))
        {
            using var client = await ConnectAsync(agent);
            using var created = await client.PostAsync("/v1/calls", Json(new { to = "echo" }));
            callId = (await ReadJsonAsync(created)).GetProperty("id").GetString()!;
            await WaitForCallStateAsync(client, callId, "active");

            agent.Process.Kill(); // SIGKILL: no clean shutdown, no chance to finish the record.
            await agent.Process.WaitForExitAsync();
        }

        using var restarted = AgentProcess.Start(AgentArguments());
        using var again = await ConnectAsync(restarted);
        var record = await WaitForHistoryAsync(again, callId);

        Assert.Equal("interrupted", record.GetProperty("disposition").GetString());
        Assert.Equal(JsonValueKind.String, record.GetProperty("endedAt").ValueKind);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string[] AgentArguments() =>
        ["agent", "--data-dir", _dataDirectory, "--Api:Port=0", "--Sip:Port=0", "--Audio:Device=null", "--Phone:DefaultCountry=FR"];

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<HttpClient> ConnectAsync(AgentProcess agent)
    {
        var path = Path.Combine(_dataDirectory, "agent.json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonElement info;
        while (true)
        {
            Assert.False(agent.Process.HasExited, "the agent exited: " + agent.Error);
            if (File.Exists(path))
            {
                try
                {
                    info = JsonDocument.Parse(await File.ReadAllTextAsync(path, timeout.Token)).RootElement.Clone();
                    if (info.GetProperty("pid").GetInt32() == agent.Process.Id)
                    {
                        break;
                    }
                }
                catch (IOException)
                {
                }
                catch (JsonException)
                {
                }
            }

            await Task.Delay(50, timeout.Token);
        }

        var token = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "api-token"), timeout.Token)).Trim();
        var client = new HttpClient { BaseAddress = new Uri(info.GetProperty("apiUrl").GetString()!), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task WaitForCallStateAsync(HttpClient client, string callId, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync($"/v1/calls/{callId}", timeout.Token);
            if (response.IsSuccessStatusCode && (await ReadJsonAsync(response)).GetProperty("state").GetString() == state)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonElement> WaitForHistoryAsync(HttpClient client, string callId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync("/v1/history?limit=50", timeout.Token);
            foreach (var record in (await ReadJsonAsync(response)).EnumerateArray())
            {
                if (record.GetProperty("callId").GetString() == callId && record.GetProperty("disposition").ValueKind == JsonValueKind.String)
                {
                    return record;
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Reads Server-Sent Events until one of <paramref name="type"/> (any type when null) arrives.</summary>
    private static async Task<(string Type, JsonElement Data)> NextEventAsync(StreamReader reader, string? type = null)
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
                if (type is null || current == type)
                {
                    return (current, JsonDocument.Parse(line[6..]).RootElement.Clone());
                }

                current = null;
            }
        }
    }
}
