using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>Signing in to the agent's web UI with <c>cti ui --print</c>, in a real chromium against a real agent.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task TheLinkFromCtiUiSignsInOnceAndAPageWithoutTheCookieSeesOnlyTheHint()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var link = await AgentUi.SignInLinkAsync(agent);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(agent.ApiUrl.GetLeftPart(UriPartial.Authority) + "/", page.Url);
        var cookie = (await browser.Context.CookiesAsync()).Single();
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.cookie.length"));

        // The same link a second time, in another browser context: refused, with what to do.
        var other = await browser.NewContextAsync();
        var again = await other.NewPageAsync();
        var refused = await again.GotoAsync(link);
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(again.GetByText("Run cti ui again", new() { Exact = false })).ToBeVisibleAsync();
        Assert.Empty(await other.CookiesAsync());

        // A page without the cookie: the sign-in hint, and no data (the API refuses it).
        var stranger = await other.NewPageAsync();
        await stranger.GotoAsync(agent.ApiUrl.ToString());
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByRole(AriaRole.Navigation)).ToBeHiddenAsync();
        await Assertions.Expect(stranger.Locator("#page-phone")).ToBeHiddenAsync();
        Assert.Equal("–", await stranger.Locator("#status-version").TextContentAsync());
        Assert.Equal(401, await stranger.EvaluateAsync<int>("async () => (await fetch('/v1/status')).status"));
        await other.CloseAsync();
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "settings");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal(401, await page.EvaluateAsync<int>("async () => (await fetch('/v1/status')).status"));
    }
}
