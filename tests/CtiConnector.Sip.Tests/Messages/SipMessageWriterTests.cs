using System.Text;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;
using CtiConnector.Sip.Tests.Parsing;

namespace CtiConnector.Sip.Tests.Messages;

/// <summary>
/// The writer's canonical form (RFC 3261 §7: canonical names, compact forms expanded, one Content-Length
/// equal to the body, unknown headers verbatim) and parse → write → parse round trips of every fixture.
/// </summary>
public sealed class SipMessageWriterTests
{
    public static TheoryData<string> ParsableFixtures
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in WireFixture.AllNames())
            {
                if (SipMessageParser.TryParse(WireFixture.Load(name), false, out _, out _, out _) == SipParseStatus.Complete)
                {
                    data.Add(name);
                }
            }

            return data;
        }
    }

    [Fact]
    public void CompactFormsAreWrittenUnderTheirCanonicalNames()
    {
        var message = Parse(WireFixture.Load("torture-compact-forms.sip"));

        var text = Encoding.UTF8.GetString(SipMessageWriter.Write(message));

        var expected =
            "INVITE sip:carol@chicago.example.com SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.33:5060;branch=z9hG4bKcmpct01\r\n" +
            "Via: SIP/2.0/TCP 192.0.2.34;branch=z9hG4bKcmpct00\r\n" +
            "From: Bob <sip:bob@biloxi.example.com>;tag=cmp1\r\n" +
            "To: <sip:carol@chicago.example.com>\r\n" +
            "Call-ID: compact-8812@192.0.2.33\r\n" +
            "CSeq: 7 INVITE\r\n" +
            "Contact: <sip:bob@192.0.2.33>\r\n" +
            "Supported: timer\r\n" +
            "Event: dialog\r\n" +
            "Subject: Lunch?\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: 91\r\n" +
            "\r\n" +
            message.BodyText;
        Assert.Equal(expected, text);
    }

    [Fact]
    public void FoldedAndPaddedHeadersAreWrittenOnOneLineEach()
    {
        var message = Parse(WireFixture.Load("torture-whitespace-folding.sip"));

        var text = Encoding.UTF8.GetString(SipMessageWriter.Write(message));

        Assert.Equal(
            "OPTIONS sip:user@example.com SIP/2.0\r\n" +
            "To: sip:user@example.com\r\n" +
            "From: \"Caller\tWith Tabs\"   <sip:caller@example.net>  ;  tag = fld1\r\n" +
            "Max-Forwards: 68\r\n" +
            "Call-ID: wsf.0a1b2c\r\n" +
            "Subject: Folded subject over three lines\r\n" +
            "Via: SIP  /  2.0 /  UDP 192.0.2.7:5060  ;  branch = z9hG4bKws01\r\n" +
            "CSeq: 4 OPTIONS\r\n" +
            "Unknown-Thing: value   with   inner   spaces\r\n" +
            "Content-Length: 0\r\n\r\n",
            text);
    }

    [Fact]
    public void ContentLengthIsWrittenOnceAndEqualsTheBody()
    {
        var message = Parse(WireFixture.Load("bad-content-length-duplicate.sip"));

        var text = Encoding.UTF8.GetString(SipMessageWriter.Write(message));

        Assert.Equal(1, CountOccurrences(text, "Content-Length:"));
        // Conflicting lengths on a datagram leave the whole rest as the body (the validator answers 400).
        Assert.EndsWith("Content-Length: 5\r\n\r\nhello", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nl:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentLengthIsWrittenEvenWhenTheMessageHadNone()
    {
        var request = new SipRequest(SipMethods.Message, SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(HeaderId.Via, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKw1");
        request.SetBody("text/plain", "hé"u8.ToArray());

        var text = Encoding.UTF8.GetString(request.ToBytes());

        Assert.Equal(
            "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKw1\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nhé",
            text);
    }

    [Fact]
    public void UnknownHeadersKeepTheirNameAndValueVerbatim()
    {
        var message = Parse(WireFixture.Load("torture-unknown-headers-and-schemes.sip"));

        var text = Encoding.UTF8.GetString(SipMessageWriter.Write(message));

        Assert.Contains("\r\nX-Weird_header.v2!: ~`'%*+ all token chars in the name\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nP-Odd-List: a, \"b,c\", <d,e>\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCall-Info: <http://www.example.com/alice/photo.jpg>;purpose=icon\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ResponsesKeepTheirStatusLine()
    {
        var message = Parse(WireFixture.Load("torture-response-odd-reason.sip"));

        var text = Encoding.UTF8.GetString(SipMessageWriter.Write(message));

        Assert.StartsWith("SIP/2.0 499 Totally Ünusual\tReason, with tab\r\nVia: ", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParsableFixtures))]
    public void ParseWriteParseKeepsStartLineHeadersAndBody(string file)
    {
        var original = Parse(WireFixture.Load(file));

        var written = SipMessageWriter.Write(original);
        var reparsed = Parse(written);

        Assert.Equal(StartLine(original), StartLine(reparsed));
        Assert.Equal(Headers(original), Headers(reparsed));
        Assert.Equal(original.Body.ToArray(), reparsed.Body.ToArray());
        Assert.Equal(original.Body.Length, reparsed.ContentLength);
        Assert.Equal(written, SipMessageWriter.Write(reparsed));
    }

    [Fact]
    public void WritingIntoABufferWriterGivesTheSameBytes()
    {
        var message = Parse(WireFixture.Load("invite-sdp-via-proxy.sip"));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16);

        SipMessageWriter.Write(message, buffer);

        Assert.Equal(SipMessageWriter.Write(message), buffer.WrittenSpan.ToArray());
    }

    internal static SipMessage Parse(byte[] bytes)
    {
        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out _, out var error);
        Assert.Equal(SipParseError.None, error);
        Assert.Equal(SipParseStatus.Complete, status);
        return message!;
    }

    internal static string StartLine(SipMessage message) => message switch
    {
        SipRequest request => $"{request.Method} {request.RequestUriText} {request.Version}",
        SipResponse response => $"{response.Version} {response.StatusCode} {response.ReasonPhrase}",
        _ => throw new ArgumentException("neither request nor response", nameof(message)),
    };

    internal static SipHeader[] Headers(SipMessage message) =>
        message.Headers.Where(h => h.Id != HeaderId.ContentLength).ToArray();

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
