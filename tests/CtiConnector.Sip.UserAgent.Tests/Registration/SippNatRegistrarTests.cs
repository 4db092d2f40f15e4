using System.Net;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Sip.UserAgent.Registration;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// A registrar that sees us behind a NAT, played by sipp on loopback: its 200 reports in our Via a <c>received</c> and
/// <c>rport</c> other than our Contact (RFC 3581). We must register again, once, with a Contact made of them and the old
/// binding removed (<c>expires=0</c>); sipp checks that second REGISTER and exits 0 only if it is right. Not covered:
/// a real NAT (loopback has none), digest (the registrar asks for none).
/// </summary>
public sealed class SippNatRegistrarTests
{
    private const string Scenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!-- Verifies: after a 200 whose Via says received=192.0.2.44;rport=40123, the next REGISTER's Contact is that
             address with our expiry and the old Contact with expires=0. Not: authentication, calls. -->
        <scenario name="CTI registrar behind NAT">
          <recv request="REGISTER">
            <action>
              <ereg regexp="branch=([^;]*)" search_in="hdr" header="Via:" assign_to="whole,branch"/>
              <ereg regexp="SIP/2.0/UDP ([^;]*)" search_in="hdr" header="Via:" assign_to="sentby,sentbyhost"/>
              <log message="first REGISTER: [$whole] from [$sentby]"/>
            </action>
          </recv>
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              Via: SIP/2.0/UDP [$sentbyhost];branch=[$branch];received=192.0.2.44;rport=40123
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Expires: 3600
              Content-Length: 0

            ]]>
          </send>
          <recv request="REGISTER">
            <action>
              <ereg regexp="sip:alice@192\.0\.2\.44:40123>;expires=3600" search_in="msg" check_it="true" assign_to="public"/>
              <ereg regexp="sip:alice@127\.0\.0\.1:[0-9]+>;expires=0" search_in="msg" check_it="true" assign_to="stale"/>
              <log message="second REGISTER: [$public] and [$stale]"/>
            </action>
          </recv>
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:alice@192.0.2.44:40123>;expires=3600
              Content-Length: 0

            ]]>
          </send>
        </scenario>
        """;

    [Fact]
    public async Task TheReportedAddressBecomesOurContactAfterOneMoreRegister()
    {
        await using var sipp = SippRunner.Start(Scenario, "-m", "1");
        await using var transport = new SipTransportLayer(new SipTransportOptions());
        await transport.StartAsync(CancellationToken.None);
        var transactions = new TransactionLayer(transport);
        await using var client = new RegistrationClient(transactions, new RegistrationOptions
        {
            Aor = SipUri.Parse($"sip:alice@127.0.0.1:{sipp.Port}"),
            Registrar = SipUri.Parse($"sip:127.0.0.1:{sipp.Port}"),
            UnregisterTimeout = TimeSpan.FromSeconds(1), // sipp is gone by then: nobody answers the unregistration
        });

        await client.StartAsync(CancellationToken.None);
        var exit = await sipp.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, sipp.Describe());
        Assert.Equal(IPEndPoint.Parse("192.0.2.44:40123"), client.PublicContact);
        Assert.Equal(2, client.RequestsSent);
        Assert.Equal(RegistrationState.Registered, client.Status.State);
        Assert.Equal(TimeSpan.FromSeconds(3600), client.Status.Expires);
    }
}
