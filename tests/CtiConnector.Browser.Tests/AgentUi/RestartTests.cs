using System.Globalization;
using System.Net.Http.Json;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>An open page lives through an agent restart: it reconnects, stays signed in, and follows the new agent's events.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task AnOpenPageReconnectsAfterTheAgentRestartsAndShowsItsCalls()
    {
        var port = FreePort.UdpAndTcp().ToString(CultureInfo.InvariantCulture);
        await using var first = await RunningAgent.StartAsync(["--Api:Port=" + port]);
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, first);

        first.Process.Terminate();
        await first.Process.Process.WaitForExitAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "reconnecting");
        await using var second = await RunningAgent.StartInAsync(first.DataDirectory, "--Api:Port=" + port);
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        using var client = second.CreateClient();
        using var dial = await client.PostAsJsonAsync("/v1/calls", new { to = "echo" });
        dial.EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("#calls li").GetByRole(AriaRole.Heading, new() { Name = "echo" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeHiddenAsync();

        // Hung up once the page shows it answered (the buttons of an answered call are all laid out by then).
        await Assertions.Expect(page.Locator("#calls li[data-state='active']")).ToBeVisibleAsync();
        await page.Locator("#calls li").GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        try
        {
            await AgentUi.WaitForAsync(second, "/v1/calls", c => c.GetArrayLength() == 0, "the call is hung up from the page");
        }
        catch (TimeoutException ex)
        {
            // What the page said last (an error of the hang-up command shows there, and stays in the node once hidden).
            throw new TimeoutException($"{ex.Message}; the page's last message: '{await page.Locator("#toast").TextContentAsync()}'", ex);
        }
    }
}
