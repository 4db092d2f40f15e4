using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// Pairing approved in the agent's web UI: a web CRM page on its own origin asks to pair, the request shows in the
/// settings at once (pairing.requested), <c>Approve ORIGIN</c> approves it, and the page's next request gets its token.
/// </summary>
public sealed class PairingTests
{
    private const string PairScript = """
        async (agent) => {
          const response = await fetch(agent + 'v1/pair', {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Test CRM' }) });
          const body = await response.json();
          return response.status + ' ' + body.status + ' ' + (body.token ? 'token' : 'no-token');
        }
        """;

    [Fact]
    public async Task APendingPairingAppearsAndApproveGivesTheOriginItsToken()
    {
        var folder = Directory.CreateTempSubdirectory("cti-crm-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), "<!doctype html><title>CRM</title><p>CRM</p>");
            await using var site = await StaticSite.StartAsync(folder);
            await using var agent = await RunningAgent.StartAsync(["--Api:AllowedOrigins:0=https://configured-crm.example"]);
            await using var browser = await BrowserSession.LaunchAsync();
            var settings = await AgentUi.OpenSignedInAsync(browser.Context, agent, "settings");
            await Assertions.Expect(settings.GetByText("https://configured-crm.example")).ToBeVisibleAsync();
            await Assertions.Expect(settings.GetByText("No web page asked to pair.")).ToBeVisibleAsync();

            var crm = await browser.NewPageAsync();
            await crm.GotoAsync(site.Url.ToString());
            Assert.Equal("202 pending no-token", await crm.EvaluateAsync<string>(PairScript, agent.ApiUrl.ToString()));

            var approve = settings.GetByRole(AriaRole.Button, new() { Name = $"Approve {site.Origin}" });
            await Assertions.Expect(approve).ToBeVisibleAsync();
            await approve.ClickAsync();

            await Assertions.Expect(settings.GetByRole(AriaRole.Button, new() { Name = $"Revoke {site.Origin}" })).ToBeVisibleAsync();
            await Assertions.Expect(approve).ToBeHiddenAsync();
            Assert.Equal("200 paired token", await crm.EvaluateAsync<string>(PairScript, agent.ApiUrl.ToString()));
            var pairings = await AgentUi.GetAsync(agent, "/v1/pairings");
            Assert.Equal("paired", pairings[0].GetProperty("status").GetString());
            Assert.Equal(site.Origin, pairings[0].GetProperty("origin").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
