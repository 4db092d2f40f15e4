using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Sipp;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>
/// Calls from the agent's web UI with sipp as the other end: the dialer places a call, an incoming call pops up with the
/// imported contact and is answered there, a note added in the history is stored, and the history's search asks the
/// agent (q=), finding the call by its contact's name without accents and by a word of its note. Saves the README's screenshots.
/// </summary>
public sealed class CallTests
{
    [Fact]
    public async Task TheDialerPlacesACallThatSippReceivesAndHangUpEndsIt()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var sipp = SippRunner.Start("uas", "-m", "1", "-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture));
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent);

        await page.GetByLabel("Number or SIP address").FillAsync(sipp.Uri());
        await page.GetByRole(AriaRole.Button, new() { Name = "Call", Exact = true }).ClickAsync();

        var card = page.Locator("#calls li");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "active");
        Assert.Contains("INVITE sip:service@127.0.0.1", sipp.Messages, StringComparison.Ordinal);
        var calls = await AgentUi.GetAsync(agent, "/v1/calls");
        Assert.Equal("active", calls[0].GetProperty("state").GetString());
        Assert.Equal("outbound", calls[0].GetProperty("direction").GetString());
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("ui-calls.png") });

        await card.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();

        await Assertions.Expect(page.GetByText("No call in progress.")).ToBeVisibleAsync();
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task AnIncomingCallPopsTheImportedContactIsAnsweredFromThePopupAndGetsANoteInTheHistory()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await AgentUi.OpenSignedInAsync(browser.Context, agent, "contacts");

        // The contact comes in through the contacts page's import.
        var csv = Path.Combine(Path.GetTempPath(), $"cti-contacts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Nom;Société;Téléphone;URL\r\nHervé Lefèvre;Lefèvre Conseil;01 23 45 67 89;https://crm.example.test/contacts/42\r\n", Encoding.UTF8);
        try
        {
            await page.Locator("#contacts-file").SetInputFilesAsync(csv);
            await Assertions.Expect(page.GetByText("Imported: 1 new, 0 updated.")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(csv);
        }

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Phone" }).ClickAsync();
        await using var sipp = SippRunner.Start(SippScenarios.Load("uac-answered-agent-hangs-up.xml"),
            $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1", "-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture));

        var popup = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(popup.GetByRole(AriaRole.Heading, new() { Name = "Hervé Lefèvre" })).ToBeVisibleAsync();
        await Assertions.Expect(popup.GetByText("Lefèvre Conseil")).ToBeVisibleAsync();
        await Assertions.Expect(popup.GetByRole(AriaRole.Link, new() { Name = "Open in CRM" })).ToHaveAttributeAsync("href", "https://crm.example.test/contacts/42");
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("ui-popup.png") });

        await popup.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();

        var calls = await AgentUi.WaitForAsync(agent, "/v1/calls",
            c => c.GetArrayLength() == 1 && c[0].GetProperty("state").GetString() == "active", "the call is answered");
        Assert.Equal("inbound", calls[0].GetProperty("direction").GetString());
        Assert.Equal("Hervé Lefèvre", calls[0].GetProperty("contact").GetProperty("name").GetString());
        await Assertions.Expect(popup).ToBeHiddenAsync();

        await page.Locator("#calls li").GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, sipp.Describe());

        // The history shows the call; a note written there is stored.
        var records = await AgentUi.WaitForAsync(agent, "/v1/history",
            h => h.GetArrayLength() == 1 && h[0].GetProperty("disposition").GetString() == "answered", "the call is in the history");
        var id = records[0].GetProperty("id").GetInt64();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit the note of call {id}" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = $"Note for call {id}" }).FillAsync("Wants a quote for 12 headsets; call back Monday.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save note" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Wants a quote for 12 headsets; call back Monday.")).ToBeVisibleAsync();
        var stored = await AgentUi.GetAsync(agent, "/v1/history");
        Assert.Equal("Wants a quote for 12 headsets; call back Monday.", stored[0].GetProperty("notes").GetString());
        Assert.Equal("Hervé Lefèvre", stored[0].GetProperty("contact").GetProperty("name").GetString());
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("ui-history.png") });

        // The search box asks the agent (q=), which ignores case and accents: "herve" finds Hervé's call, a word of
        // the note finds it too, and a text found nowhere empties the list.
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the history" });
        var note = page.GetByText("Wants a quote for 12 headsets; call back Monday.");
        var asked = await page.RunAndWaitForRequestAsync(() => search.FillAsync("herve"), r => r.Url.Contains("/v1/history?", StringComparison.Ordinal) && r.Url.Contains("q=herve", StringComparison.Ordinal));
        Assert.Contains("q=herve", asked.Url, StringComparison.Ordinal);
        await Assertions.Expect(note).ToBeVisibleAsync();
        await page.RunAndWaitForRequestAsync(() => search.FillAsync("nothing like this"), r => r.Url.Contains("q=nothing%20like%20this", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByText("No call found.")).ToBeVisibleAsync();
        await Assertions.Expect(note).ToBeHiddenAsync();
        await search.FillAsync("HEADSETS");
        await Assertions.Expect(note).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No call found.")).ToBeHiddenAsync();
    }
}
