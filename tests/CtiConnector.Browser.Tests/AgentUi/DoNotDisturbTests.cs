using System.Text;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>The status page's do-not-disturb switch drives the agent, and follows changes made elsewhere (CLI, tray, API).</summary>
public sealed class DoNotDisturbTests
{
    [Fact]
    public async Task TheSwitchTurnsDoNotDisturbOnAndFollowsAChangeMadeThroughTheApi()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "status");
        var toggle = page.GetByRole(AriaRole.Checkbox, new() { Name = "Callers get busy (still logged as missed)" });
        await Assertions.Expect(toggle).Not.ToBeCheckedAsync();

        await toggle.CheckAsync();

        await AgentUi.WaitForAsync(agent, "/v1/status", s => s.GetProperty("doNotDisturb").GetBoolean(), "do-not-disturb is on");
        using var client = agent.CreateClient();
        using var off = await client.PostAsync("/v1/dnd", new StringContent("{\"enabled\":false}", Encoding.UTF8, "application/json"));
        Assert.True(off.IsSuccessStatusCode, await off.Content.ReadAsStringAsync());
        await Assertions.Expect(toggle).Not.ToBeCheckedAsync();
    }
}
