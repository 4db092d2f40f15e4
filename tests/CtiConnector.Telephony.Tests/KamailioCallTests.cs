using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// A call through a real Kamailio between two agents registered to it, as on an IP-PBX.
/// Verifies: registration with digest auth, 407 on INVITE answered, Record-Route honoured for ACK and BYE,
/// both sides see the call answered and ended. Does not verify: audio (see the baresip test).
/// </summary>
public sealed class KamailioCallTests
{
    [Fact]
    public async Task TwoRegisteredAgentsCallEachOtherThroughKamailio()
    {
        await using var kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { ["alice"] = "alice-secret", ["bob"] = "bob-secret" });
        await using var alice = await TelephonyHarness.StartAsync(o => o.Accounts = [Account("alice", kamailio.Port)]);
        await using var bob = await TelephonyHarness.StartAsync(o => o.Accounts = [Account("bob", kamailio.Port)]);
        WaitRegistered(alice);
        WaitRegistered(bob);

        await alice.Telephony.DialAsync(new DialRequest("a-1", "bob", null), CancellationToken.None);

        var incoming = bob.Next<CallStarted>();
        Assert.Equal(CallDirection.Inbound, incoming.Direction);
        Assert.Equal("alice", incoming.RemoteNumber);
        Assert.Equal("a-1", alice.Next<CallRinging>().CallId);
        await bob.Telephony.AnswerAsync(incoming.CallId, CancellationToken.None);
        Assert.Equal("a-1", alice.Next<CallAnswered>().CallId);
        Assert.Equal(incoming.CallId, bob.Next<CallAnswered>().CallId);

        await alice.Telephony.HangupAsync("a-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, alice.Next<CallEnded>().Disposition);
        var bobEnded = bob.Next<CallEnded>();
        Assert.Equal(CallDisposition.Answered, bobEnded.Disposition);
        Assert.Contains("hung up", bobEnded.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordLeavesTheAccountFailedWithAReason()
    {
        await using var kamailio = await KamailioRegistrar.StartAsync(new Dictionary<string, string> { ["alice"] = "alice-secret" });
        var account = new AccountOptions
        {
            Id = "main",
            Aor = $"sip:alice@127.0.0.1:{kamailio.Port}",
            Registrar = $"sip:127.0.0.1:{kamailio.Port}",
            Username = "alice",
            Password = "not-the-password",
        };
        await using var harness = await TelephonyHarness.StartAsync(o => o.Accounts = [account]);

        RegistrationChanged changed;
        do
        {
            changed = harness.Next<RegistrationChanged>(30);
        }
        while (changed.Account.State != RegistrationState.Failed);

        Assert.Contains("wrong user name or password", changed.Account.Reason, StringComparison.Ordinal);
        Assert.Equal(RegistrationState.Failed, Assert.Single(harness.Telephony.Accounts).State);
    }

    private static AccountOptions Account(string user, int port) => new()
    {
        Id = user,
        Aor = $"sip:{user}@127.0.0.1:{port}",
        Registrar = $"sip:127.0.0.1:{port}",
        Username = user,
        Password = user + "-secret",
        DisplayName = user,
    };

    private static void WaitRegistered(TelephonyHarness harness)
    {
        RegistrationChanged changed;
        do
        {
            changed = harness.Next<RegistrationChanged>(30);
            Assert.NotEqual(RegistrationState.Failed, changed.Account.State);
        }
        while (changed.Account.State != RegistrationState.Registered);
    }
}
