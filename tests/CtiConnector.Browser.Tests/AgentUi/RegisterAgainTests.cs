using System.Text.Json;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// The settings page's "Register again" button on an account registered with a real Kamailio (digest auth): the agent
/// registers the account afresh (Kamailio sees a new REGISTER with a new Call-ID) and ends registered again.
/// </summary>
public sealed class RegisterAgainTests
{
    [Fact]
    public async Task RegisterAgainRegistersTheAccountAfreshWithTheRegistrar()
    {
        await using var kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { ["ana"] = "s3cret" });
        await using var agent = await RunningAgent.StartAsync(
            $"--Sip:Accounts:0:Aor=sip:ana@127.0.0.1:{kamailio.Port}", $"--Sip:Accounts:0:Registrar=sip:127.0.0.1:{kamailio.Port}",
            "--Sip:Accounts:0:Username=ana", "--Sip:Accounts:0:Password=s3cret", "--Sip:Accounts:0:Id=ana");
        await AgentUi.WaitForAsync(agent, "/v1/status", s => State(s) == "registered", "the account registers");
        await kamailio.SyncAsync();
        var callIdsBefore = kamailio.Registers.Select(r => r.CallId).Distinct().Count();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "settings");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Register again sip:ana@127.0.0.1:{kamailio.Port}" }).ClickAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await kamailio.SyncAsync();
            if (kamailio.Registers.Select(r => r.CallId).Distinct().Count() > callIdsBefore)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(kamailio.Registers.Select(r => r.CallId).Distinct().Count() > callIdsBefore, "Kamailio saw no new registration");
        await AgentUi.WaitForAsync(agent, "/v1/status", s => State(s) == "registered", "the account is registered again");
        Assert.Empty(await page.Locator("#toast:not([hidden])").AllAsync());
    }

    private static string? State(JsonElement status) =>
        status.GetProperty("accounts").EnumerateArray().FirstOrDefault().ValueKind == JsonValueKind.Object
            ? status.GetProperty("accounts")[0].GetProperty("state").GetString()
            : null;
}
