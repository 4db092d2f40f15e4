using System.Text;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Messages;

/// <summary>
/// Messages built in code cannot be made to write something that is not SIP: names and methods are
/// tokens (RFC 3261 §7.1, §7.3.1), values and reason phrases hold no line break (§7.2, §7.3).
/// </summary>
public sealed class SipMessageConstructionTests
{
    [Theory]
    [InlineData("X Custom")]
    [InlineData("X-Custom:")]
    [InlineData("Sübject")]
    [InlineData("X-Evil\r\nVia")]
    public void AddingAHeaderWithANameThatIsNotATokenThrows(string name)
    {
        var headers = new SipHeaders();

        Assert.Throws<ArgumentException>(() => headers.Add(name, "value"));
        Assert.Equal(0, headers.Count);
    }

    [Fact]
    public void AddingAHeaderValueWithALineBreakThrows()
    {
        var headers = new SipHeaders();

        Assert.Throws<ArgumentException>(() => headers.Add("X-Custom", "a\r\nVia: forged"));
        Assert.Throws<ArgumentException>(() => headers.Set(HeaderId.CallId, "a\nb"));
    }

    [Theory]
    [InlineData("INVITE ")]
    [InlineData("IN/VITE")]
    [InlineData("")]
    public void ARequestWithAMethodThatIsNotATokenThrows(string method)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SipRequest(method, SipUri.Parse("sip:bob@example.com")));
    }

    [Fact]
    public void LineBreaksInAReasonPhraseBecomeSpaces()
    {
        var response = new SipResponse(503, "Upstream failed:\r\nconnection refused");

        Assert.Equal("Upstream failed:  connection refused", response.ReasonPhrase);
        Assert.StartsWith("SIP/2.0 503 Upstream failed:  connection refused\r\nContent-Length: 0\r\n\r\n", Encoding.UTF8.GetString(response.ToBytes()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(700)]
    public void AResponseCodeOutsideTheSixClassesThrows(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(code));
    }

    [Fact]
    public void CompactNamesWithoutAnIdAreFoundUnderEitherName()
    {
        var bytes = "MESSAGE sip:a@example.com SIP/2.0\r\ns: hi\r\nu: talk\r\n\r\n"u8.ToArray();
        SipMessageParser.TryParse(bytes, false, out var message, out _, out _);

        Assert.Equal("hi", message!.Headers["Subject"]);
        Assert.Equal("hi", message.Headers["S"]);
        Assert.Equal("talk", message.Headers["Allow-Events"]);
        Assert.Equal(1, message.Headers.Remove("s"));
        Assert.Null(message.Headers["Subject"]);
    }

    [Fact]
    public void CSeqReadsTheNewValueAfterTheHeaderIsReplaced()
    {
        SipMessageParser.TryParse(Parsing.WireFixture.Load("bye.sip"), false, out var message, out _, out _);

        message!.Headers.Set(HeaderId.CSeq, "9 CANCEL");

        Assert.Equal(new CSeqHeader(9, SipMethods.Cancel), message.CSeq);
        Assert.Equal(1, message.Headers.CountOf(HeaderId.CSeq));
    }
}
