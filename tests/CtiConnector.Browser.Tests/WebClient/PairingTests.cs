using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>
/// The demo CRM on an origin the agent does not know: refused (pending, API calls fail) until the user approves it
/// with their own token, and refused again once revoked. Approval here is the API call the agent's UI makes.
/// </summary>
public sealed class PairingTests
{
    [Fact]
    public async Task AnUnknownOriginIsRefusedUntilApprovedAndRefusedAgainOnceRevoked()
    {
        await using var site = await StaticSite.StartAsync(WebClientKit.WebFolder);
        await using var agent = await RunningAgent.StartAsync();
        await WebClientKit.ImportDemoContactsAsync(agent);
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(WebClientKit.DemoUrl(site, agent));
        var body = page.Locator("body");
        var banner = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Approve this site in CTI Connector" });
        var call = page.Locator("#contacts").GetByRole(AriaRole.Button, new() { Name = "Call Hervé Lefèvre", Exact = true });
        var notice = page.Locator("#notice");

        // Unknown: pending, and a click on a phone icon is refused without reaching the phone.
        await Expect(body).ToHaveAttributeAsync("data-pairing", "pending", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(banner).ToContainTextAsync(site.Origin, new() { Timeout = WebClientKit.ExpectTimeout });
        await call.ClickAsync();
        await Expect(notice).ToContainTextAsync("Approve this site in CTI Connector", new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.Empty((await WebClientKit.GetAsync(agent, "v1/calls")).EnumerateArray());
        var pairings = await WebClientKit.GetAsync(agent, "v1/pairings");
        Assert.Contains(pairings.EnumerateArray(), p => p.GetProperty("origin").GetString() == site.Origin && p.GetProperty("status").GetString() == "pending");
        Assert.Equal(0, await StoredTokensAsync(page));

        // Approved by the user: the page gets its token by itself and its API calls work (directory lookups, history).
        await WebClientKit.PostAsync(agent, "v1/pairings/approve", new { origin = site.Origin });
        await Expect(body).ToHaveAttributeAsync("data-pairing", "paired", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(body).ToHaveAttributeAsync("data-directory", "matched", new() { Timeout = WebClientKit.ExpectTimeout });
        await page.Locator("#contacts").GetByRole(AriaRole.Button, new() { Name = "Hervé Lefèvre", Exact = true }).ClickAsync();
        await Expect(page.Locator("#timeline-state")).ToHaveTextAsync("No calls yet.", new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.Equal(1, await StoredTokensAsync(page));

        // Revoked: the next call is refused, the page drops its token and asks again (pending).
        await WebClientKit.PostAsync(agent, "v1/pairings/revoke", new { origin = site.Origin });
        await call.ClickAsync();
        await Expect(notice).ToContainTextAsync("Could not call Hervé Lefèvre", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(body).ToHaveAttributeAsync("data-pairing", "pending", new() { Timeout = WebClientKit.ExpectTimeout });
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = WebClientKit.ExpectTimeout });
        Assert.Equal(0, await StoredTokensAsync(page));
        Assert.Empty((await WebClientKit.GetAsync(agent, "v1/calls")).EnumerateArray());
        pairings = await WebClientKit.GetAsync(agent, "v1/pairings");
        Assert.Contains(pairings.EnumerateArray(), p => p.GetProperty("origin").GetString() == site.Origin && p.GetProperty("status").GetString() == "pending");
    }

    private static Task<int> StoredTokensAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('cti-connector:token:')).length");
}
