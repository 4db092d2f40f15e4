using System.Globalization;
using System.Text;
using CtiConnector.Browser.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Sipp;
using Microsoft.Playwright;

namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>The compact <c>/popup</c> page (what the desktop opens in an app window) with sipp calling in.</summary>
public sealed class PopupPageTests
{
    [Fact]
    public async Task ThePopupPageShowsTheCallerAndAnswersThenHangsUp()
    {
        await using var agent = await RunningAgent.StartAsync();
        using (var client = agent.CreateClient())
        {
            using var import = await client.PostAsync("/v1/contacts/import",
                new StringContent("Name,Company,Phone\r\nHervé Lefèvre,Lefèvre Conseil,+33 1 23 45 67 89\r\n", Encoding.UTF8, "text/csv"));
            import.EnsureSuccessStatusCode();
        }

        await using var browser = await BrowserSession.LaunchAsync();
        var signedIn = await AgentUi.OpenSignedInAsync(browser.Context, agent);
        await signedIn.CloseAsync();
        var popup = await browser.NewPageAsync();
        await popup.SetViewportSizeAsync(420, 300);
        await popup.GotoAsync(new Uri(agent.ApiUrl, "/popup").ToString());
        await Assertions.Expect(popup.GetByText("No incoming call.")).ToBeVisibleAsync();

        await using var sipp = SippRunner.Start(SippScenarios.Load("uac-answered-agent-hangs-up.xml"),
            $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1", "-mp", FreePort.Udp().ToString(CultureInfo.InvariantCulture));
        var dialog = popup.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Hervé Lefèvre" })).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("Lefèvre Conseil")).ToBeVisibleAsync();
        await Assertions.Expect(popup).ToHaveTitleAsync("Hervé Lefèvre · CTI Connector");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
        await AgentUi.WaitForAsync(agent, "/v1/calls",
            c => c.GetArrayLength() == 1 && c[0].GetProperty("state").GetString() == "active", "the call is answered");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();

        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, sipp.Describe());
        await Assertions.Expect(popup.GetByText("No incoming call.")).ToBeVisibleAsync();
    }
}
