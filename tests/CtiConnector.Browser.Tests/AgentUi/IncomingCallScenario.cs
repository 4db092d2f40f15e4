namespace CtiConnector.Browser.Tests.AgentUi;

/// <summary>The sipp scenario of a caller whose call the user answers in the browser.</summary>
internal static class IncomingCallScenario
{
    /// <summary>
    /// Verifies: an INVITE from +33 1 23 45 67 89 (no display name, so any name shown comes from the directory) is answered
    /// (200, ACK) and then hung up by the agent (BYE, answered 200). Waits as long as sipp's -timeout for the user to
    /// click. Does not verify: media.
    /// </summary>
    public const string Xml = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="uac answered then hung up by the agent">
          <send retrans="500">
            <![CDATA[
        INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:+33123456789@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:sipp@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=sipp 1 1 IN IP4 [local_ip]
        s=-
        c=IN IP4 [local_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 8 0
        a=rtpmap:8 PCMA/8000
        a=rtpmap:0 PCMU/8000

            ]]>
          </send>
          <recv response="100" optional="true" />
          <recv response="180" optional="true" />
          <recv response="200" rrs="true" />
          <send>
            <![CDATA[
        ACK [next_url] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:+33123456789@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

            ]]>
          </send>
          <recv request="BYE" />
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

            ]]>
          </send>
        </scenario>
        """;
}
