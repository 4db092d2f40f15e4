using System.Text;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// Datagram framing (RFC 3261 §18.3): the message is the whole datagram; the body is what follows the
/// empty line, cut to Content-Length when that is shorter, and the whole rest when there is none.
/// </summary>
public sealed class DatagramFramingTests
{
    private const string Head = "MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKdg\r\n";

    [Fact]
    public void TheBodyIsCutToContentLengthWhenTheDatagramIsLonger()
    {
        var bytes = Encoding.ASCII.GetBytes(Head + "Content-Length: 5\r\n\r\nhello, and padding");

        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out var consumed, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal("hello", message!.BodyText);
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void WithoutContentLengthTheBodyIsTheRestOfTheDatagram()
    {
        var bytes = Encoding.ASCII.GetBytes(Head + "\r\nall of this");

        SipMessageParser.TryParse(bytes, isStream: false, out var message, out _, out _);

        Assert.Equal("all of this", message!.BodyText);
    }

    [Fact]
    public void ADatagramWithoutTheEmptyLineIsHeadersOnly()
    {
        var bytes = Encoding.ASCII.GetBytes(Head + "Call-ID: dg.1\r\n");

        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out _, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal("dg.1", message!.CallId);
        Assert.Equal(0, message.Body.Length);
    }

    [Fact]
    public void ADatagramCutInsideAHeaderLineIsInvalid()
    {
        var bytes = Encoding.ASCII.GetBytes(Head + "Call-ID: dg");

        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out _, out var error);

        Assert.Equal((SipParseStatus.Invalid, SipParseError.NoHeaderTerminator), (status, error));
        Assert.Null(message);
    }

    [Fact]
    public void LeadingLineEndsOfADatagramAreSkipped()
    {
        var bytes = Encoding.ASCII.GetBytes("\r\n\r\n" + Head + "Content-Length: 0\r\n\r\n");

        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out var consumed, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal("z9hG4bKdg", message!.TopVia?.Branch);
        Assert.Equal(bytes.Length, consumed);
    }
}
