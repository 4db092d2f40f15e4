using System.Text.RegularExpressions;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>
/// The demo CRM on its own origin (trusted through <c>Api:AllowedOrigins</c>) against a real agent holding the demo's
/// contacts, with sipp as the far end: click to call, screen pop, and the call on the contact's timeline. Pairing of
/// an unknown origin is <see cref="PairingTests"/>.
/// </summary>
public sealed partial class DemoCrmTests
{
    [Fact]
    public async Task ClickingCallHerveLefevreSendsTheInviteForHisNumberAndLogsTheCallOnHisCard()
    {
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        await using var site = await StaticSite.StartAsync(WebClientKit.WebFolder);
        await using var agent = await RunningAgent.StartAsync([$"--Api:AllowedOrigins:0={site.Origin}", WebClientKit.SippAccount(sipp)]);
        await WebClientKit.ImportDemoContactsAsync(agent);
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(WebClientKit.DemoUrl(site, agent));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-directory", "matched", new() { Timeout = WebClientKit.ExpectTimeout });
        var contacts = page.Locator("#contacts");
        await contacts.GetByRole(AriaRole.Button, new() { Name = "Hervé Lefèvre", Exact = true }).ClickAsync();
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Hervé Lefèvre" });
        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("No calls yet.", new() { Timeout = WebClientKit.ExpectTimeout });

        await contacts.GetByRole(AriaRole.Button, new() { Name = "Call Hervé Lefèvre", Exact = true }).ClickAsync();

        var invite = await WebClientKit.WaitForInviteAsync(sipp);
        Assert.StartsWith($"INVITE sip:+33123456789@127.0.0.1:{sipp.Port}", invite, StringComparison.Ordinal);
        var callId = await WebClientKit.WaitForCallAsync(agent, "active");
        var call = await WebClientKit.GetAsync(agent, $"v1/calls/{callId}");
        Assert.Equal("Hervé Lefèvre", call.GetProperty("contact").GetProperty("name").GetString());
        await WebClientKit.PostAsync(agent, $"v1/calls/{callId}/hangup", new { });
        Assert.True(await sipp.WaitForExitAsync(WebClientKit.Patience) == 0, sipp.Describe());

        // The card refreshes on call.ended: the outgoing call with its duration.
        var entry = card.GetByRole(AriaRole.List, new() { Name = "Calls" }).GetByRole(AriaRole.Listitem);
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(entry).ToContainTextAsync("Outgoing", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(entry.Locator(".result")).ToHaveTextAsync(Duration(), new() { Timeout = WebClientKit.ExpectTimeout });
    }

    [Fact]
    public async Task AnIncomingCallFromHerveLefevrePopsHisNameAndLandsOnHisTimeline()
    {
        await using var site = await StaticSite.StartAsync(WebClientKit.WebFolder);
        await using var agent = await RunningAgent.StartAsync([$"--Api:AllowedOrigins:0={site.Origin}"]);
        await WebClientKit.ImportDemoContactsAsync(agent);
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(WebClientKit.DemoUrl(site, agent));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-directory", "matched", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-events", "open", new() { Timeout = WebClientKit.ExpectTimeout });

        await using var sipp = SippRunner.Start(SippScenarios.Load("uac-wait-answer-bye.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");

        var popup = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Incoming call" });
        await Expect(popup).ToBeVisibleAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(popup.Locator(".caller")).ToHaveTextAsync("Hervé Lefèvre", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(popup.Locator(".company")).ToHaveTextAsync("Boulangerie Lefèvre", new() { Timeout = WebClientKit.ExpectTimeout });
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("demo-crm-popup.png") });

        await popup.GetByRole(AriaRole.Button, new() { Name = "Open contact" }).ClickAsync();
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Hervé Lefèvre" });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        await popup.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        await Expect(popup).ToBeHiddenAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.True(await sipp.WaitForExitAsync(WebClientKit.Patience) == 0, sipp.Describe());

        var entry = card.GetByRole(AriaRole.List, new() { Name = "Calls" }).GetByRole(AriaRole.Listitem);
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(entry).ToContainTextAsync("Incoming", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(entry.Locator(".result")).ToHaveTextAsync(Duration(), new() { Timeout = WebClientKit.ExpectTimeout });
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("demo-crm-timeline.png") });
    }

    [GeneratedRegex(@"^\d+:\d\d$")]
    private static partial Regex Duration();
}
