using BenchmarkDotNet.Attributes;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Benchmarks.Sip;

/// <summary>
/// Parsing a realistic proxied INVITE with SDP (two Vias, Record-Route, Contact with parameters; 1157 bytes),
/// alone and then reading what a transaction layer needs: top Via branch, CSeq, Call-ID, From tag
/// (RFC 3261 §17.2.3). Targets: parse under 1.5 µs and 512 B allocated. Results in BENCHMARKS.md.
/// </summary>
[MemoryDiagnoser]
public class ParseInviteBenchmark
{
    private static readonly byte[] s_invite = System.Text.Encoding.UTF8.GetBytes(
        "INVITE sip:bob@192.0.2.200:5060;transport=udp SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-pbx-7f3a91c2;rport\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.101:5062;received=198.51.100.7;rport=40211;branch=z9hG4bK-524287-1---a6d6f3b0c2e1d4f5\r\n" +
        "Record-Route: <sip:203.0.113.10;lr;ftag=8a2f6c1e>\r\n" +
        "Max-Forwards: 69\r\n" +
        "Contact: <sip:alice@198.51.100.7:40211;transport=udp;ob>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-0800200c9a66>\";expires=3600\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "From: \"Alice Martin\" <sip:alice@example.com>;tag=8a2f6c1e\r\n" +
        "Call-ID: 4fWq9Dk2XyZ0bQm7Lr3sTg..\r\n" +
        "CSeq: 2 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Supported: replaces, norefersub, extended-refer, timer, outbound, path, X-cisco-serviceuri\r\n" +
        "User-Agent: Softphone 5.7.3 (Linux)\r\n" +
        "Allow-Events: presence, kpml, talk\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "Content-Length: 240\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=alice 2890844526 2890844527 IN IP4 192.0.2.101\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.101\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n" +
        "");

    private ReadOnlyMemory<byte> _input;

    [GlobalSetup]
    public void Setup() => _input = s_invite;

    [Benchmark(Baseline = true)]
    public SipMessage? Parse()
    {
        SipMessageParser.TryParse(_input, isStream: true, out var message, out _, out _);
        return message;
    }

    [Benchmark]
    public int ParseAndReadTransactionFields()
    {
        SipMessageParser.TryParse(_input, isStream: true, out var message, out _, out _);
        var branch = message!.TopVia!.Branch!;
        var cseq = message.CSeq!.Value;
        var callId = message.CallId!;
        var fromTag = message.FromTag!;
        return branch.Length + (int)cseq.Number + callId.Length + fromTag.Length;
    }
}
