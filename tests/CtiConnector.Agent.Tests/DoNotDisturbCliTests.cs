using System.Net.Http.Json;
using System.Text.Json;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Agent.Tests;

/// <summary><c>cti dnd on|off</c> through the real pipe: a caller then gets 486 Busy Here, and the call is still in the history as missed.</summary>
public sealed class DoNotDisturbCliTests
{
    [Fact]
    public async Task DoNotDisturbFromTheCommandLineMakesCallersBusyAndTheyAreLoggedAsMissed()
    {
        await using var agent = await RunningAgent.StartAsync();
        using var client = agent.CreateClient();

        var (code, output, error) = await AgentProcess.RunAsync("--data-dir", agent.DataDirectory, "dnd", "on");
        await using var sipp = SippRunner.Start(SippScenarios.Load("uac-expect-busy.xml"), $"127.0.0.1:{agent.SipPort}", "-s", "cti", "-m", "1");

        Assert.True(code == 0, output + error);
        Assert.Contains("Do not disturb is on", output, StringComparison.Ordinal);
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/v1/status")).GetProperty("doNotDisturb").GetBoolean());
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, sipp.Describe());
        var record = await agent.WaitForHistoryAsync();
        Assert.Equal("missed", record.GetProperty("disposition").GetString());
        Assert.Equal("inbound", record.GetProperty("direction").GetString());

        var (offCode, offOutput, _) = await AgentProcess.RunAsync("--data-dir", agent.DataDirectory, "dnd", "off");
        Assert.Equal(0, offCode);
        Assert.Contains("Do not disturb is off", offOutput, StringComparison.Ordinal);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/v1/status")).GetProperty("doNotDisturb").GetBoolean());
    }

    [Fact]
    public async Task AnyOtherStateIsAUsageError()
    {
        var (code, _, error) = await AgentProcess.RunAsync("dnd", "maybe");

        Assert.NotEqual(0, code);
        Assert.Contains("maybe", error, StringComparison.Ordinal);
    }
}
