using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// sipp probes our transport and transaction layers with OPTIONS (a custom scenario: sipp has no built-in one) and
/// checks the 200 carries an Allow listing INVITE and ACK; sipp's exit code 0 says every probe passed. Registrars and
/// PBXs probe a registered agent this way. Not covered: the real user agent core's OPTIONS handler (a test TU answers).
/// It lives here because this test project already references the peer launchers.
/// </summary>
public sealed class SippOptionsTests : IAsyncLifetime
{
    private const string Scenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!-- Verifies: OPTIONS answered 200 with an Allow header naming INVITE and ACK. Not: any dialog. -->
        <scenario name="CTI OPTIONS probe">
          <send retrans="500">
            <![CDATA[
              OPTIONS sip:agent@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
              To: <sip:agent@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 OPTIONS
              Max-Forwards: 70
              Accept: application/sdp
              Content-Length: 0

            ]]>
          </send>
          <recv response="200">
            <action>
              <ereg regexp="INVITE, ACK" search_in="hdr" header="Allow:" check_it="true" assign_to="allow"/>
              <log message="Allow seen: [$allow]"/>
            </action>
          </recv>
        </scenario>
        """;

    private readonly OptionsAnsweringUser _user = new();
    private SipTransportLayer _transport = null!;

    public async Task InitializeAsync()
    {
        _transport = new SipTransportLayer(new SipTransportOptions());
        var transactions = new TransactionLayer(_transport);
        transactions.SetUser(_user);
        await _transport.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SippOptionsProbesAreAllAnsweredWithAllow(bool tcp)
    {
        await using var sipp = Sipp.Create();

        var result = await sipp.RunClientAsync(Scenario, _transport.Port, calls: 5, tcp);

        if (result.ExitCode != 0)
        {
            Assert.Fail(result.ToString());
        }

        Assert.Equal(5, _user.Answered);
        Assert.Equal(0, _transport.DroppedMessages);
    }

    [Fact]
    public async Task ScenarioFailsWhenAllowLacksWhatItChecks()
    {
        // Guards the scenario itself: were its Allow check inert, the test above would prove nothing.
        await using var sipp = Sipp.Create();

        var result = await sipp.RunClientAsync(Scenario.Replace("INVITE, ACK", "SUBSCRIBE, PUBLISH", StringComparison.Ordinal), _transport.Port, calls: 1);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(1, _user.Answered);
    }
}
