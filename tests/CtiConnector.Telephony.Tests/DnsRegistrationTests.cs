using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// Accounts given by domain name (RFC 3263) against real servers on loopback: a private dnsmasq serves NAPTR, SRV
/// (priorities 10 and 20) and A records of <c>example.test</c> pointing at two Kamailio registrars, and the telephony
/// layer asks it through <see cref="TelephonyOptions.DnsServers"/>.
/// Verifies: registration at the best SRV target; with the first registrar stopped, registration and a call over TCP
/// going to the second; the reason shown for a name with no record, for an account and for a call.
/// Does not verify: TLS (no TLS registrar here), a UDP registrar that stops answering (Timer F takes 32 s; the
/// timeout path is covered with a manual clock in the user agent's tests).
/// </summary>
public sealed class DnsRegistrationTests
{
    private const string Domain = Dnsmasq.Domain;

    [Fact]
    public async Task AnAccountWhoseRegistrarIsTheDomainRegistersAtTheBestSrvTarget()
    {
        await using var first = await KamailioRegistrar.StartAsync(Users, Domain);
        await using var second = await KamailioRegistrar.StartAsync(Users, Domain);
        await using var dns = await StartDnsAsync(first, second);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.DnsServers = [dns.EndPoint];
            o.Accounts = [Account("alice", "udp")];
        });

        WaitRegistered(alice, () => string.Join('\n', dns.Log.TakeLast(20)));

        Assert.Contains("alice", await first.DumpLocationsAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", await second.DumpLocationsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheFirstRegistrarStoppedRegistrationAndCallsGoToTheSecond()
    {
        await using var first = await KamailioRegistrar.StartAsync(Users, Domain);
        await using var second = await KamailioRegistrar.StartAsync(Users, Domain);
        await using var dns = await StartDnsAsync(first, second);
        await first.StopAsync();
        // Bob registers at the second registrar by its address; Alice finds it through DNS (TCP: the stopped one refuses at once).
        await using var bob = await TelephonyHarness.StartAsync(o => o.Accounts = [Account("bob", "udp", $"sip:127.0.0.1:{second.Port}")]);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.DnsServers = [dns.EndPoint];
            o.Accounts = [Account("alice", "tcp")];
        });
        WaitRegistered(bob);
        WaitRegistered(alice, () => string.Join('\n', second.Log.TakeLast(20)));
        Assert.Contains("alice", await second.DumpLocationsAsync(), StringComparison.Ordinal);

        await alice.Telephony.DialAsync(new DialRequest("a-1", "bob", "alice"), CancellationToken.None);

        var incoming = bob.Next<CallStarted>(60, () => string.Join('\n', second.Log.TakeLast(30)));
        Assert.Equal(CallDirection.Inbound, incoming.Direction);
        await bob.Telephony.AnswerAsync(incoming.CallId, CancellationToken.None);
        Assert.Equal("a-1", alice.Next<CallAnswered>().CallId);
        await alice.Telephony.HangupAsync("a-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, alice.Next<CallEnded>().Disposition);
        Assert.Equal(CallDisposition.Answered, bob.Next<CallEnded>().Disposition);
    }

    [Fact]
    public async Task ANameWithNoRecordGivesTheReasonOnTheAccountAndTheCall()
    {
        await using var dns = await Dnsmasq.StartAsync([Dnsmasq.Host("sip1." + Domain, "127.0.0.1")]);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.DnsServers = [dns.EndPoint];
            o.Accounts = [Account("alice", "udp", "sip:nowhere." + Domain)];
        });

        RegistrationChanged changed;
        do
        {
            changed = alice.Next<RegistrationChanged>();
        }
        while (changed.Account.State != RegistrationState.Failed);

        Assert.Equal("no DNS record for nowhere." + Domain, changed.Account.Reason);
        Assert.Equal(RegistrationState.Failed, Assert.Single(alice.Telephony.Accounts).State);

        // Whether the name's absence is still cached from the registration or looked up again, the call is placed,
        // then ends as failed with the reason (the same for a CRM either way), and the second dial too.
        foreach (var callId in new[] { "a-2", "a-3" })
        {
            await alice.Telephony.DialAsync(new DialRequest(callId, "sip:carol@nowhere." + Domain, "alice"), CancellationToken.None);

            var ended = alice.Next<CallEnded>();
            Assert.Equal(callId, ended.CallId);
            Assert.Equal(CallDisposition.Failed, ended.Disposition);
            Assert.Contains("no DNS record for nowhere." + Domain, ended.Reason, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> Users => new() { ["alice"] = "alice-secret", ["bob"] = "bob-secret" };

    /// <summary>
    /// RFC 3263 §4.1 records: NAPTR for UDP and TCP (same order and preference, so the account's transport picks), each
    /// service with SRV priority 10 on the first registrar and 20 on the second.
    /// </summary>
    private static Task<Dnsmasq> StartDnsAsync(KamailioRegistrar first, KamailioRegistrar second) => Dnsmasq.StartAsync(
    [
        Dnsmasq.Host("sip1." + Domain, "127.0.0.1"),
        Dnsmasq.Host("sip2." + Domain, "127.0.0.1"),
        Dnsmasq.Naptr(Domain, 10, 10, "SIP+D2U", "_sip._udp." + Domain),
        Dnsmasq.Naptr(Domain, 10, 10, "SIP+D2T", "_sip._tcp." + Domain),
        Dnsmasq.Srv("_sip._udp." + Domain, "sip1." + Domain, first.Port, priority: 10, weight: 0),
        Dnsmasq.Srv("_sip._udp." + Domain, "sip2." + Domain, second.Port, priority: 20, weight: 0),
        Dnsmasq.Srv("_sip._tcp." + Domain, "sip1." + Domain, first.Port, priority: 10, weight: 0),
        Dnsmasq.Srv("_sip._tcp." + Domain, "sip2." + Domain, second.Port, priority: 20, weight: 0),
    ]);

    private static AccountOptions Account(string user, string transport, string? registrar = null) => new()
    {
        Id = user,
        Aor = $"sip:{user}@{Domain}",
        Registrar = registrar ?? "sip:" + Domain,
        Transport = transport,
        Username = user,
        Password = user + "-secret",
        DisplayName = user,
    };

    private static void WaitRegistered(TelephonyHarness harness, Func<string>? context = null)
    {
        RegistrationChanged changed;
        do
        {
            changed = harness.Next<RegistrationChanged>(60, context);
            Assert.True(changed.Account.State != RegistrationState.Failed, $"registration failed: {changed.Account.Reason}\n{context?.Invoke()}");
        }
        while (changed.Account.State != RegistrationState.Registered);
    }
}
