using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CtiConnector.Desktop.Tests.Support;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Desktop.Tests.Agent;

/// <summary>
/// The real agent on a private desktop session: sipp calls in, dunst shows the caller's contact, and the action chosen
/// in dunst answers the call or opens the agent's popup.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentNotificationTests
{
    private const string Csv = "Nom;Société;Téléphone\r\nHervé Lefèvre;Lefèvre Conseil;01 23 45 67 89\r\n";

    [Fact]
    public async Task AnIncomingCallIsNotifiedWithTheContactAndAnsweredFromTheNotification()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        await using var agent = await RunningAgent.StartAsync("--Desktop:Bus=" + desktop.BusAddress);
        using var client = agent.CreateClient();
        await ImportAsync(client);

        await using var sipp = SippRunner.Start(SippScenarios.Load("uac-wait-answer-bye.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");
        var shown = await desktop.WaitForShownAsync(n => n.Summary == "Hervé Lefèvre");
        await desktop.ChooseActionAsync("Answer");
        await desktop.OpenContextMenuAsync();

        Assert.Contains("Lefèvre Conseil", shown.Body, StringComparison.Ordinal);
        Assert.Equal(0, await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var record = await agent.WaitForHistoryAsync();
        Assert.Equal("answered", record.GetProperty("disposition").GetString());
        Assert.Equal("Hervé Lefèvre", record.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(0, await WaitForDisplayedAsync(desktop, 0));
    }

    [Fact]
    public async Task AClickOnTheNotificationOpensTheAgentsPopupForThatCall()
    {
        await using var desktop = await NotificationDesktop.StartAsync();
        var opened = Path.Combine(Path.GetTempPath(), "cti-opened-" + Guid.NewGuid().ToString("N") + ".txt");
        var opener = Path.Combine(Path.GetTempPath(), "cti-opener-" + Guid.NewGuid().ToString("N") + ".sh");
        await File.WriteAllTextAsync(opener, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{opened}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var agent = await RunningAgent.StartAsync("--Desktop:Bus=" + desktop.BusAddress, $"--Desktop:PopupCommand={opener} --app={{url}}");
            using var client = agent.CreateClient();
            await ImportAsync(client);
            await using var sipp = SippRunner.Start(SippScenarios.Load("uac-wait-answer-bye.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");
            await desktop.WaitForShownAsync(n => n.Summary == "Hervé Lefèvre");
            var callId = (await client.GetFromJsonAsync<JsonElement>("/v1/calls"))[0].GetProperty("id").GetString()!;

            await desktop.ClickAsync();

            var line = await WaitForFileAsync(opened);
            await AssertSignsInToAsync(agent, line, $"/popup?call={callId}");
            using var hangup = await client.PostAsync($"/v1/calls/{callId}/hangup", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(opener);
            File.Delete(opened);
        }
    }

    [Fact]
    public async Task WithPopupOnIncomingTheAgentOpensThePopupWindowByItself()
    {
        var opened = Path.Combine(Path.GetTempPath(), "cti-opened-" + Guid.NewGuid().ToString("N") + ".txt");
        var opener = Path.Combine(Path.GetTempPath(), "cti-opener-" + Guid.NewGuid().ToString("N") + ".sh");
        await File.WriteAllTextAsync(opener, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{opened}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var agent = await RunningAgent.StartAsync(
                "--Desktop:Notifications=false", "--Desktop:PopupOnIncoming=true", $"--Desktop:PopupCommand={opener} --app={{url}}");
            using var client = agent.CreateClient();
            await using var sipp = SippRunner.Start(SippScenarios.Load("uac-wait-answer-bye.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");

            var line = await WaitForFileAsync(opened);

            var callId = (await client.GetFromJsonAsync<JsonElement>("/v1/calls"))[0].GetProperty("id").GetString()!;
            await AssertSignsInToAsync(agent, line, $"/popup?call={callId}");
            using var hangup = await client.PostAsync($"/v1/calls/{callId}/hangup", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        }
        finally
        {
            File.Delete(opener);
            File.Delete(opened);
        }
    }

    // The page is opened through a one-time sign-in link (the browser has no session yet) that lands on the popup.
    private static async Task AssertSignsInToAsync(RunningAgent agent, string openerArguments, string expectedPage)
    {
        var prefix = $"--app={agent.ApiUrl.GetLeftPart(UriPartial.Authority)}/ui/signin?code=";
        Assert.StartsWith(prefix, openerArguments.Trim(), StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var signIn = await browser.GetAsync(openerArguments.Trim()["--app=".Length..]);
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal(expectedPage, signIn.Headers.Location?.OriginalString);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cti-session=", StringComparison.Ordinal));
    }

    private static async Task ImportAsync(HttpClient client)
    {
        using var import = await client.PostAsync("/v1/contacts/import", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
    }

    private static async Task<int> WaitForDisplayedAsync(NotificationDesktop desktop, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int count;
        while ((count = await desktop.DisplayedCountAsync()) != expected && !timeout.IsCancellationRequested)
        {
            await Task.Delay(100);
        }

        return count;
    }

    private static async Task<string> WaitForFileAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            await Task.Delay(100, timeout.Token);
        }

        return await File.ReadAllTextAsync(path, timeout.Token);
    }
}
