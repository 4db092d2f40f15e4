using System.Text.Json;
using CtiConnector.Testing.Agent;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Agent.Tests;

/// <summary>
/// The built agent with accounts given by domain name, asking a private dnsmasq set with <c>Sip:DnsServers:0</c>:
/// an account whose registrar is <c>sip:example.test</c> registers at the Kamailio the SRV record names, and an account
/// whose registrar does not resolve shows why in <c>GET /v1/status</c>. Does not verify failover (see the telephony
/// layer's DNS tests).
/// </summary>
public sealed class AgentDnsTests
{
    [Fact]
    public async Task TheAgentRegistersThroughDnsAndShowsWhyANameDoesNotResolve()
    {
        await using var kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { ["alice"] = "alice-secret" }, Dnsmasq.Domain);
        await using var dns = await Dnsmasq.StartAsync(
        [
            Dnsmasq.Host("sip1." + Dnsmasq.Domain, "127.0.0.1"),
            Dnsmasq.Srv("_sip._udp." + Dnsmasq.Domain, "sip1." + Dnsmasq.Domain, kamailio.Port, priority: 10, weight: 0),
        ]);
        await using var agent = await RunningAgent.StartAsync(
            $"--Sip:DnsServers:0=127.0.0.1:{dns.Port}",
            "--Sip:Accounts:0:Aor=sip:alice@example.test", "--Sip:Accounts:0:Registrar=sip:example.test",
            "--Sip:Accounts:0:Username=alice", "--Sip:Accounts:0:Password=alice-secret",
            "--Sip:Accounts:1:Aor=sip:bob@nowhere.example.test", "--Sip:Accounts:1:Registrar=sip:nowhere.example.test");
        using var client = agent.CreateClient();

        var accounts = await WaitForAccountsAsync(client, a => a[0].State == "registered" && a[1].State == "failed");

        Assert.Equal("no DNS record for nowhere.example.test", accounts[1].Reason);
        Assert.Contains("alice", await kamailio.DumpLocationsAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("is not one the agent knows", agent.Process.Output + agent.Process.Error, StringComparison.Ordinal);
    }

    private sealed record Account(string State, string? Reason);

    /// <summary>The accounts of <c>GET /v1/status</c> once <paramref name="done"/> holds (up to a minute).</summary>
    private static async Task<List<Account>> WaitForAccountsAsync(HttpClient client, Func<List<Account>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var accounts = new List<Account>();
        try
        {
            while (true)
            {
                var status = JsonDocument.Parse(await client.GetStringAsync("/v1/status", timeout.Token)).RootElement;
                accounts = [.. status.GetProperty("accounts").EnumerateArray().Select(a => new Account(
                    a.GetProperty("state").GetString()!,
                    a.TryGetProperty("reason", out var reason) ? reason.GetString() : null))];
                if (accounts.Count == 2 && done(accounts))
                {
                    return accounts;
                }

                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The accounts did not reach the expected states within 60 s: {string.Join("; ", accounts)}");
        }
    }
}
