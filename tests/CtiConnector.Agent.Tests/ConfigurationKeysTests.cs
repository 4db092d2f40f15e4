using CtiConnector.Agent.Hosting;
using CtiConnector.Testing.Agent;
using Microsoft.Extensions.Configuration;

namespace CtiConnector.Agent.Tests;

public sealed class ConfigurationKeysTests
{
    [Fact]
    public void KnownKeysIndexedAccountsLoggingAndPluginSectionsPass()
    {
        var configuration = Build(new()
        {
            ["DataDir"] = "/tmp/x",
            ["sip:accounts:0:aor"] = "sip:a@b",
            ["Sip:Accounts:12:Password"] = "p",
            ["Api:AllowedOrigins:0"] = "https://crm.example.com",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Plugins:Webhook:Map:Name"] = "$.name",
            ["Desktop:PopupOnIncoming"] = "true",
            ["Sip:DnsServers:0"] = "192.0.2.53:5353",
        });

        Assert.Empty(ConfigurationKeys.Unknown(configuration));
    }

    [Fact]
    public void AMisspeltKeyIsReportedWithTheKeyItResembles()
    {
        var configuration = Build(new()
        {
            ["Sip:Acounts:1:Aor"] = "sip:a@b",
            ["Sip:Accounts:1:Pasword"] = "p",
            ["Audio:Devise"] = "null",
            ["Completely:Unrelated"] = "x",
        });

        Assert.Equal(
            [("Audio:Devise", "Audio:Device"), ("Completely:Unrelated", null), ("Sip:Accounts:1:Pasword", "Sip:Accounts:1:Password"), ("Sip:Acounts:1:Aor", "Sip:Accounts:1:Aor")],
            ConfigurationKeys.Unknown(configuration));
    }

    [Fact]
    public async Task TheAgentStartsAndNamesTheUnknownKeyInItsLog()
    {
        await using var agent = await RunningAgent.StartAsync("--Audio:Devise=null");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!agent.Process.Output.Contains("Audio:Devise", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains("The setting Audio:Devise is not one the agent knows; it is ignored (did you mean Audio:Device?)", agent.Process.Output, StringComparison.Ordinal);
    }

    private static IConfiguration Build(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
