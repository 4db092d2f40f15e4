using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// A real <c>cti agent</c> whose account names <c>Preset=free</c>, its registrar overridden to a private Kamailio, and a
/// display name with accents. Verifies: the registration Kamailio receives asks for at least 1800 s although the user
/// typed 300, the status shows the preset, the INVITE sipp receives offers A-law (PT 8) before µ-law, the From display
/// name leaves in UTF-8, an incoming caller's accented name reaches the history intact, <c>GET /v1/presets</c> lists
/// the presets (and the OpenAPI document names it), and an e-mail-style address is called at its SIP URI through the API. Does not verify: freephonie.net itself (no network here).
/// </summary>
public sealed class PresetsEndToEndTests
{
    private const string Number = "0912345678";
    private const string Password = "s3cret-line";

    [Fact]
    public async Task AFreePresetAccountRegistersForAtLeast1800SecondsAndOffersALawFirst()
    {
        await using var kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { [Number] = Password });
        await using var agent = await RunningAgent.StartAsync(
            "--Sip:Accounts:0:Preset=free",
            $"--Sip:Accounts:0:Username={Number}",
            $"--Sip:Accounts:0:Password={Password}",
            $"--Sip:Accounts:0:Aor=sip:{Number}@127.0.0.1:{kamailio.Port}",
            $"--Sip:Accounts:0:Registrar=sip:127.0.0.1:{kamailio.Port}",
            "--Sip:Accounts:0:Expires=300",
            "--Sip:Accounts:0:DisplayName=Hervé Lefèvre");
        using var client = agent.CreateClient();

        var account = await WaitForAccountAsync(client, "registered", kamailio);
        await kamailio.SyncAsync();
        var registers = kamailio.Registers;
        Assert.NotEmpty(registers);
        Assert.All(registers, r => Assert.True(int.Parse(r.Expires, CultureInfo.InvariantCulture) >= 1800, $"REGISTER with Expires {r.Expires}"));
        Assert.Equal("free", account.GetProperty("preset").GetString());

        await using var sipp = SippRunner.Start("uas", "-m", "1");
        using var created = await client.PostAsync("/v1/calls", Json(new { to = sipp.Uri() }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var callId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await WaitForCallStateAsync(client, callId, "active");
        using var hangup = await client.PostAsync($"/v1/calls/{callId}/hangup", Json(new { }));
        Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        Assert.Matches(new Regex(@"m=audio \d+ RTP/AVP 8 0 "), sipp.Messages);
        Assert.Contains($"From: \"Hervé Lefèvre\" <sip:{Number}@127.0.0.1:{kamailio.Port}>", sipp.Messages, StringComparison.Ordinal);

        await using var caller = SippRunner.Start(SippScenarios.Load("uac-cancel.xml"), $"127.0.0.1:{agent.SipPort}", "-s", Number, "-m", "1");
        Assert.True(await caller.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, caller.Describe());
        var incoming = await WaitForInboundHistoryAsync(client);
        Assert.Equal("Hervé Lefèvre", incoming.GetProperty("remote").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task ThePresetsAreListedAndAnEmailStyleAddressPostedToTheApiIsCalledAtItsSipUri()
    {
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        await using var agent = await RunningAgent.StartAsync(
            "--Sip:Accounts:0:Aor=sip:herve@127.0.0.1",
            $"--Sip:Accounts:0:OutboundProxy=sip:127.0.0.1:{sipp.Port}");
        using var client = agent.CreateClient();

        var presets = JsonDocument.Parse(await client.GetStringAsync("/v1/presets")).RootElement;
        var openApi = await client.GetStringAsync("/v1/openapi.json");
        var free = presets.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "free");
        Assert.Equal("freephonie.net", free.GetProperty("domain").GetString());
        Assert.Equal(1800, free.GetProperty("minExpires").GetInt32());
        Assert.Equal(["PCMA", "PCMU"], free.GetProperty("codecs").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(free.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("key").GetString() == "Username");
        Assert.Contains("\"/v1/presets\"", openApi, StringComparison.Ordinal);

        using var refused = await client.PostAsync("/v1/calls", Json(new { to = "jane@exa_mple.org" }));
        var cliRefused = await AgentProcess.RunAsync("dial", "--data-dir", agent.DataDirectory, "jane@exa_mple.org");
        using var created = await client.PostAsync("/v1/calls", Json(new { to = "jane@example.org" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var callId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await WaitForCallStateAsync(client, callId, "active");
        using var hangup = await client.PostAsync($"/v1/calls/{callId}/hangup", Json(new { }));
        var record = await agent.WaitForHistoryAsync(callId);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not a domain name or IP address", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(0, cliRefused.ExitCode);
        Assert.Contains("'exa_mple.org' is not a domain name or IP address", cliRefused.Error, StringComparison.Ordinal);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
        Assert.Contains("INVITE sip:jane@example.org SIP/2.0", sipp.Messages, StringComparison.Ordinal);
        Assert.Equal("jane@example.org", record.GetProperty("remote").GetProperty("raw").GetString());
        Assert.Equal("answered", record.GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task CtiPresetsListsThePresetsWithoutAnAgent()
    {
        var text = await AgentProcess.RunAsync("presets");
        var json = await AgentProcess.RunAsync("presets", "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("free      Free (Freebox)", text.Output, StringComparison.Ordinal);
        Assert.Contains("domain freephonie.net, transport udp, expires 3600 s (at least 1800 s), codecs PCMA,PCMU", text.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(7, JsonDocument.Parse(json.Output).RootElement.GetArrayLength());
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> WaitForAccountAsync(HttpClient client, string state, KamailioRegistrar kamailio)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var last = string.Empty;
        try
        {
            while (true)
            {
                last = await client.GetStringAsync("/v1/status", timeout.Token);
                var account = JsonDocument.Parse(last).RootElement.GetProperty("accounts")[0];
                if (account.GetProperty("state").GetString() == state)
                {
                    return account.Clone();
                }

                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The account did not become {state}: {last}\n" + string.Join('\n', kamailio.Log.TakeLast(30)));
        }
    }

    private static async Task WaitForCallStateAsync(HttpClient client, string callId, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (JsonDocument.Parse(await client.GetStringAsync($"/v1/calls/{callId}", timeout.Token)).RootElement.GetProperty("state").GetString() != state)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonElement> WaitForInboundHistoryAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var records = JsonDocument.Parse(await client.GetStringAsync("/v1/history?limit=10", timeout.Token)).RootElement;
            foreach (var record in records.EnumerateArray())
            {
                if (record.GetProperty("direction").GetString() == "inbound" && record.GetProperty("endedAt").ValueKind != JsonValueKind.Null)
                {
                    return record.Clone();
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
