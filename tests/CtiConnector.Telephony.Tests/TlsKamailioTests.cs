using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Tls;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// SIP over TLS against a real Kamailio with its <c>tls</c> module (Debian <c>kamailio-tls-modules</c>) on loopback, with a
/// CA and server certificates the test makes. Verifies: registration over TLS with digest auth when the CA file is trusted
/// (<c>sips:</c> AoR and registrar, and a <c>sip:</c> account with transport tls); a call between two agents registered
/// over TLS, delivered to the callee over the connection it registered on (no TLS listener on the agents), answered and
/// ended; and the account's reason when the certificate is for another name, expired, or from a CA nobody trusts.
/// Does not verify: SRTP (media stays RTP here), client certificates, revocation (no CRL is published).
/// </summary>
public sealed class TlsKamailioTests : IDisposable
{
    private static readonly Dictionary<string, string> s_users = new() { ["alice"] = "alice-secret", ["bob"] = "bob-secret" };
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cti-tls-");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("CTI Kamailio Test CA");

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task AnAgentRegistersOverTlsWhenItTrustsTheCaFile()
    {
        await using var kamailio = await StartKamailioAsync(["127.0.0.1"]);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = _ca.WriteCaFile(_directory.FullName);
            o.Accounts = [SipsAccount("alice", kamailio.TlsPort)];
        });

        WaitRegistered(alice, kamailio);

        await kamailio.SyncAsync();
        Assert.All(kamailio.Registers, r => Assert.Equal("tls", r.Protocol));
        var dump = await kamailio.DumpLocationsAsync();
        // The Contact is the agent's (user cti), sips: because it is reached over TLS.
        Assert.True(dump.Contains("Address: sips:cti@127.0.0.1:" + alice.Telephony.SipPort, StringComparison.Ordinal), dump);
        Assert.Equal(RegistrationState.Registered, Assert.Single(alice.Telephony.Accounts).State);
    }

    [Fact]
    public async Task ASipAccountWithTransportTlsRegistersOverTls()
    {
        await using var kamailio = await StartKamailioAsync(["127.0.0.1"]);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = _ca.WriteCaFile(_directory.FullName);
            o.Accounts =
            [
                new AccountOptions
                {
                    Id = "alice",
                    Aor = $"sip:alice@127.0.0.1:{kamailio.TlsPort}",
                    Registrar = $"sip:127.0.0.1:{kamailio.TlsPort}",
                    Transport = "tls",
                    Username = "alice",
                    Password = "alice-secret",
                },
            ];
        });

        WaitRegistered(alice, kamailio);

        await kamailio.SyncAsync();
        Assert.NotEmpty(kamailio.Registers);
        Assert.All(kamailio.Registers, r => Assert.Equal("tls", r.Protocol));
    }

    [Fact]
    public async Task TwoAgentsRegisteredOverTlsCallEachOtherThroughKamailio()
    {
        await using var kamailio = await StartKamailioAsync(["127.0.0.1"]);
        var caFile = _ca.WriteCaFile(_directory.FullName);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = caFile;
            o.Accounts = [SipsAccount("alice", kamailio.TlsPort)];
        });
        await using var bob = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = caFile;
            o.Accounts = [SipsAccount("bob", kamailio.TlsPort)];
        });
        WaitRegistered(alice, kamailio);
        WaitRegistered(bob, kamailio);

        await alice.Telephony.DialAsync(new DialRequest("a-1", "bob", null), CancellationToken.None);

        var incoming = bob.Next<CallStarted>(30, () => KamailioLog(kamailio));
        Assert.Equal(CallDirection.Inbound, incoming.Direction);
        Assert.Equal("alice", incoming.RemoteNumber);
        Assert.Equal("a-1", alice.Next<CallRinging>().CallId);
        await bob.Telephony.AnswerAsync(incoming.CallId, CancellationToken.None);
        Assert.Equal("a-1", alice.Next<CallAnswered>(30, () => KamailioLog(kamailio)).CallId);
        Assert.Equal(incoming.CallId, bob.Next<CallAnswered>(30, () => KamailioLog(kamailio)).CallId);

        await alice.Telephony.HangupAsync("a-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, alice.Next<CallEnded>().Disposition);
        var bobEnded = bob.Next<CallEnded>(30, () => KamailioLog(kamailio));
        Assert.Equal(CallDisposition.Answered, bobEnded.Disposition);
        Assert.Contains("hung up", bobEnded.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACertificateForAnotherNameFailsTheRegistrationNamingTheExpectedName()
    {
        await using var kamailio = await StartKamailioAsync(["sip.other.test"]);
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = _ca.WriteCaFile(_directory.FullName);
            o.Accounts = [SipsAccount("alice", kamailio.TlsPort)];
        });

        var reason = WaitFailed(alice);

        Assert.Contains("the certificate is for sip.other.test, not 127.0.0.1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallToASipsAddressWithACertificateForAnotherNameFailsWithTheReason()
    {
        await using var kamailio = await StartKamailioAsync(["sip.other.test"]);
        await using var agent = await TelephonyHarness.StartAsync(o => o.TlsCaFile = _ca.WriteCaFile(_directory.FullName));

        await agent.Telephony.DialAsync(new DialRequest("c-1", $"sips:bob@127.0.0.1:{kamailio.TlsPort}", null), CancellationToken.None);

        var ended = agent.Next<CallEnded>();
        Assert.Equal(CallDisposition.Failed, ended.Disposition);
        Assert.Contains("the certificate is for sip.other.test, not 127.0.0.1", ended.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredCertificateFailsTheRegistrationSayingItExpired()
    {
        await using var kamailio = await StartKamailioAsync(["127.0.0.1"], DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2));
        await using var alice = await TelephonyHarness.StartAsync(o =>
        {
            o.TlsCaFile = _ca.WriteCaFile(_directory.FullName);
            o.Accounts = [SipsAccount("alice", kamailio.TlsPort)];
        });

        var reason = WaitFailed(alice);

        Assert.Contains("the certificate expired on", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheCaFileTheRegistrationFailsSayingTheIssuerIsNotTrusted()
    {
        await using var kamailio = await StartKamailioAsync(["127.0.0.1"]);
        await using var alice = await TelephonyHarness.StartAsync(o => o.Accounts = [SipsAccount("alice", kamailio.TlsPort)]);

        var reason = WaitFailed(alice);

        Assert.Contains("CN=CTI Kamailio Test CA", reason, StringComparison.Ordinal);
        Assert.Contains("is not a trusted certificate authority", reason, StringComparison.Ordinal);
    }

    private async Task<KamailioRegistrar> StartKamailioAsync(IReadOnlyList<string> names, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var server = _ca.IssueServer(names, notBefore, notAfter);
        var (certificate, key) = TestCertificateAuthority.WriteServerFiles(server, _directory.FullName, "server");
        return await KamailioRegistrar.StartAsync(s_users, tls: new KamailioTlsOptions(certificate, key));
    }

    /// <summary>A <c>sips:</c> account: the AoR and the registrar on Kamailio's TLS port (sips: alone selects TLS).</summary>
    private static AccountOptions SipsAccount(string user, int tlsPort) => new()
    {
        Id = user,
        Aor = $"sips:{user}@127.0.0.1:{tlsPort}",
        Registrar = $"sips:127.0.0.1:{tlsPort}",
        Username = user,
        Password = user + "-secret",
        DisplayName = user,
    };

    private static void WaitRegistered(TelephonyHarness harness, KamailioRegistrar kamailio)
    {
        RegistrationChanged changed;
        do
        {
            changed = harness.Next<RegistrationChanged>(30, () => KamailioLog(kamailio));
            Assert.True(changed.Account.State != RegistrationState.Failed, $"Registration failed: {changed.Account.Reason}\n{KamailioLog(kamailio)}");
        }
        while (changed.Account.State != RegistrationState.Registered);
    }

    private static string WaitFailed(TelephonyHarness harness)
    {
        RegistrationChanged changed;
        do
        {
            changed = harness.Next<RegistrationChanged>(60);
            Assert.NotEqual(RegistrationState.Registered, changed.Account.State);
        }
        while (changed.Account.State != RegistrationState.Failed);

        return changed.Account.Reason ?? string.Empty;
    }

    private static string KamailioLog(KamailioRegistrar kamailio) => string.Join(Environment.NewLine, kamailio.Log.TakeLast(40));
}
