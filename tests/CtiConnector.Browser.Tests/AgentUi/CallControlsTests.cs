using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// The live call's buttons against the agent's built-in echo line (real SIP and RTP on loopback): hold, resume, mute,
/// unmute and the DTMF keypad act on the call the API shows. Does not verify audio.
/// </summary>
public sealed class CallControlsTests
{
    [Fact]
    public async Task HoldResumeMuteAndTheKeypadActOnTheLiveCall()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent);

        foreach (var key in new[] { "e", "c", "h", "o" })
        {
            await page.GetByLabel("Number or SIP address").PressAsync(key);
        }

        await page.GetByLabel("Number or SIP address").PressAsync("Enter");
        var card = page.Locator("#calls li");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "active");

        await card.GetByRole(AriaRole.Button, new() { Name = "Hold" }).ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "held");
        await AgentUi.WaitForAsync(agent, "/v1/calls", c => c[0].GetProperty("state").GetString() == "held", "the call is held");

        await card.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "active");

        await card.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Unmute" })).ToBeVisibleAsync();
        await AgentUi.WaitForAsync(agent, "/v1/calls", c => c[0].GetProperty("muted").GetBoolean(), "the call is muted");
        await card.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
        await AgentUi.WaitForAsync(agent, "/v1/calls", c => !c[0].GetProperty("muted").GetBoolean(), "the call is unmuted");

        var keypad = card.GetByRole(AriaRole.Button, new() { Name = "Keypad" });
        await keypad.ClickAsync();
        await Assertions.Expect(keypad).ToHaveAttributeAsync("aria-expanded", "true");
        var five = card.GetByRole(AriaRole.Button, new() { Name = "Send 5" });
        await five.ClickAsync();
        Assert.Empty(await page.Locator("#toast:not([hidden])").AllAsync());

        await card.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No call in progress.")).ToBeVisibleAsync();
        await AgentUi.WaitForAsync(agent, "/v1/calls", c => c.GetArrayLength() == 0, "the call is hung up");
    }
}
