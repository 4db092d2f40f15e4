using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CtiConnector.Browser.Tests.WebClient;

/// <summary>
/// The Chromium extension (<c>plugins/web/extension</c>) loaded unpacked: pointed at the agent from its options page,
/// paired like a web origin (<c>chrome-extension://ID</c>, approved with the user's token), then a number on an
/// ordinary page is a button whose click makes sipp receive the INVITE; an incoming call raises the extension's
/// notification, cleared once answered. The notification's text and its "Open in CRM" button are not checked (the
/// notifications API lists ids only).
/// </summary>
public sealed class ExtensionTests
{
    /// <summary>Fixed by the manifest's public <c>key</c>, so the origin users approve is the same wherever it is loaded from.</summary>
    private const string ExtensionId = "clfoodmbhjjncopfbdmoledegplfenfh";

    private const string Page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Supplier list</title></head>
        <body>
          <h1>Suppliers</h1>
          <p>Boulangerie Lefèvre: +33 1 23 45 67 89, or <a href="tel:+33612345678" title="Hervé's mobile">mobile</a>.</p>
          <p>Invoice 2024-117 of 12/03/2024: 1 234,50 €.</p>
        </body></html>
        """;

    /// <summary>The ids of the extension's notifications on screen, read from one of its pages.</summary>
    private static Task<string[]> NotificationsAsync(IPage extensionPage) =>
        extensionPage.EvaluateAsync<string[]>("async () => Object.keys(await chrome.notifications.getAll())");

    [Fact]
    public async Task ClickingANumberOnAPageDialsThroughThePairedExtension()
    {
        var folder = Directory.CreateTempSubdirectory("cti-ext-page-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "index.html"), Page);
            await using var sipp = SippRunner.Start("uas", "-m", "1");
            await using var site = await StaticSite.StartAsync(folder);
            await using var agent = await RunningAgent.StartAsync([WebClientKit.SippAccount(sipp)]);
            await WebClientKit.ImportDemoContactsAsync(agent);
            await using var browser = await BrowserSession.LaunchAsync(WebClientKit.ExtensionFolder);
            const string origin = "chrome-extension://" + ExtensionId;

            // Options: the agent's address; the extension asks to pair and waits for the user.
            var options = await browser.NewPageAsync();
            await options.GotoAsync(origin + "/options.html");
            await options.GetByLabel("Agent address").FillAsync(agent.ApiUrl.ToString().TrimEnd('/'));
            await options.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            var state = options.GetByRole(AriaRole.Status);
            await Expect(state).ToHaveAttributeAsync("data-state", "pending", new() { Timeout = WebClientKit.ExpectTimeout });
            await WebClientKit.PostAsync(agent, "v1/pairings/approve", new { origin });
            await Expect(state).ToHaveAttributeAsync("data-state", "paired", new() { Timeout = WebClientKit.ExpectTimeout });

            var page = await browser.NewPageAsync();
            await page.GotoAsync(site.Url.ToString());
            var number = page.GetByRole(AriaRole.Button, new() { Name = "Call +33 1 23 45 67 89", Exact = true });
            await Expect(number).ToBeVisibleAsync(new() { Timeout = WebClientKit.ExpectTimeout });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hervé's mobile", Exact = true })).ToHaveAttributeAsync("href", "tel:+33612345678", new() { Timeout = WebClientKit.ExpectTimeout });
            await Expect(page.Locator(".cti-call")).ToHaveCountAsync(2, new() { Timeout = WebClientKit.ExpectTimeout });

            await number.ClickAsync();

            var invite = await WebClientKit.WaitForInviteAsync(sipp);
            Assert.StartsWith($"INVITE sip:+33123456789@127.0.0.1:{sipp.Port}", invite, StringComparison.Ordinal);
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Calling +33123456789", new() { Timeout = WebClientKit.ExpectTimeout });
            var callId = await WebClientKit.WaitForCallAsync(agent, "active");
            await WebClientKit.PostAsync(agent, $"v1/calls/{callId}/hangup", new { });
            Assert.True(await sipp.WaitForExitAsync(WebClientKit.Patience) == 0, sipp.Describe());

            // Hervé calls: the extension notifies the ringing call (by its id) and withdraws it once answered.
            await using var caller = SippRunner.Start(SippScenarios.Load("uac-wait-answer-bye.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");
            var incoming = await WebClientKit.WaitForCallAsync(agent, "ringing");
            await WebClientKit.WaitUntilAsync(async () => (await NotificationsAsync(options)).Contains(incoming), () => "no notification for " + incoming);
            await WebClientKit.PostAsync(agent, $"v1/calls/{incoming}/answer", new { });
            await WebClientKit.WaitUntilAsync(async () => (await NotificationsAsync(options)).Length == 0, () => "the notification stayed after the answer");
            Assert.True(await caller.WaitForExitAsync(WebClientKit.Patience) == 0, caller.Describe());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
