using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// The settings page with an account filled from a preset: the account shows its preset, and the list of presets shows
/// each one with what the user gives and what to get from the provider (from <c>GET /v1/presets</c>). Does not verify:
/// registration (the agent tests do, against Kamailio).
/// </summary>
public sealed class PresetsTests
{
    [Fact]
    public async Task TheSettingsPageShowsTheAccountsPresetAndListsThePresets()
    {
        await using var agent = await RunningAgent.StartAsync(
            "--Sip:Accounts:0:Preset=asterisk", "--Sip:Accounts:0:Username=201", "--Sip:Accounts:0:Password=s3cret", "--Sip:Accounts:0:Registrar=127.0.0.1:9");
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "settings");

        var account = page.Locator("#settings-accounts li.account");
        await Assertions.Expect(account).ToContainTextAsync("sip:201@127.0.0.1:9");
        await Assertions.Expect(account.Locator(".preset")).ToHaveTextAsync("preset asterisk");
        var free = page.Locator("#settings-presets li", new() { HasText = "Free (Freebox)" });
        await Assertions.Expect(free).ToContainTextAsync("\"Preset\": \"free\"");
        await Assertions.Expect(free).ToContainTextAsync("registration 3600 s (at least 1800 s)");
        await Assertions.Expect(free).ToContainTextAsync("Username (your Freebox phone number");
        await Assertions.Expect(page.Locator("#settings-presets li")).ToHaveCountAsync(7);
    }
}
