using System.Text;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// Start lines (RFC 3261 §7.1, §7.2: single spaces, a token method, a 3-digit code in 1xx-6xx) and the
/// size limits that let the header table stay compact (names up to 255 bytes, values up to 64 KiB).
/// </summary>
public sealed class SipMessageParserStartLineTests
{
    private const string Headers =
        "Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKsl\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n" +
        "Call-ID: sl.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    [Theory]
    [InlineData("OPTIONS  sip:b@example.com SIP/2.0", SipParseError.BadStartLine)]
    [InlineData("OPTIONS sip:b@example.com SIP/2.0 ", SipParseError.BadStartLine)]
    [InlineData(" OPTIONS sip:b@example.com SIP/2.0", SipParseError.BadStartLine)]
    [InlineData("OPTIONS sip:b@example.com", SipParseError.BadStartLine)]
    [InlineData("OPTIONS sip:b@exämple.com SIP/2.0", SipParseError.BadStartLine)]
    [InlineData("OPT:IONS sip:b@example.com SIP/2.0", SipParseError.BadStartLine)]
    [InlineData("OPTIONS sip:b@example.com HTTP/1.1", SipParseError.BadVersion)]
    [InlineData("OPTIONS sip:b@example.com SIP/2", SipParseError.BadVersion)]
    [InlineData("SIP/2.0 2000 OK", SipParseError.BadStatusCode)]
    [InlineData("SIP/2.0 20 OK", SipParseError.BadStatusCode)]
    [InlineData("SIP/2.0 099 Low", SipParseError.BadStatusCode)]
    [InlineData("SIP/2.0 700 High", SipParseError.BadStatusCode)]
    [InlineData("SIP/2.0 2x0 OK", SipParseError.BadStatusCode)]
    [InlineData("SIP/2.0  200 OK", SipParseError.BadStatusCode)]
    [InlineData("SIP/2 200 OK", SipParseError.BadStartLine)]
    [InlineData("SIP/2.0 200 O\u0001K", SipParseError.BadStartLine)]
    public void MalformedStartLinesAreRejectedWithTheirReason(string startLine, SipParseError expected)
    {
        var status = Parse(startLine + "\r\n" + Headers, out var message, out var error);

        Assert.Equal(SipParseStatus.Invalid, status);
        Assert.Equal(expected, error);
        Assert.Null(message);
    }

    [Theory]
    [InlineData("OPTIONS sip:b@example.com SIP/2.0", "OPTIONS", "sip:b@example.com")]
    [InlineData("OPTIONS sip:b@example.com sip/2.0", "OPTIONS", "sip:b@example.com")]
    [InlineData("OPTIONS <sip:b@example.com> SIP/2.0", "OPTIONS", "<sip:b@example.com>")]
    [InlineData("NOTIFY%21 sip:b@example.com SIP/2.0", "NOTIFY%21", "sip:b@example.com")]
    public void WellFormedRequestLinesAreSplitIntoMethodAndUri(string startLine, string method, string uri)
    {
        var status = Parse(startLine + "\r\n" + Headers, out var message, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal((method, uri), (request.Method, request.RequestUriText));
    }

    [Fact]
    public void ARequestUriInAngleBracketsIsAnswered400()
    {
        Parse("OPTIONS <sip:b@example.com> SIP/2.0\r\n" + Headers, out var message, out _);

        var verdict = SipMessageValidator.Validate(message!, isStream: false);

        Assert.Equal(new SipValidation(400, "Bad Request - Malformed Request-URI", true), verdict);
    }

    [Theory]
    [InlineData("SIP/2.0 200 OK", 200, "OK")]
    [InlineData("SIP/2.0 180", 180, "")]
    [InlineData("SIP/2.0 183 ", 183, "")]
    [InlineData("SIP/2.0 600 Busy Everywhere, really", 600, "Busy Everywhere, really")]
    public void StatusLinesGiveCodeAndReason(string startLine, int code, string reason)
    {
        var status = Parse(startLine + "\r\n" + Headers, out var message, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        var response = Assert.IsType<SipResponse>(message);
        Assert.Equal((code, reason), (response.StatusCode, response.ReasonPhrase));
    }

    [Fact]
    public void AHeaderNameOver255BytesIsTooLarge()
    {
        var status = Parse("OPTIONS sip:b@example.com SIP/2.0\r\n" + new string('X', 256) + ": 1\r\n" + Headers, out _, out var error);

        Assert.Equal(SipParseStatus.Invalid, status);
        Assert.Equal(SipParseError.TooLarge, error);
    }

    [Fact]
    public void AHeaderValueOver64KiBIsTooLargeAndOneJustUnderIsKept()
    {
        var tooLong = Parse("OPTIONS sip:b@example.com SIP/2.0\r\nX-Big: " + new string('v', 65536) + "\r\n" + Headers, out _, out var error);
        var justFits = Parse("OPTIONS sip:b@example.com SIP/2.0\r\nX-Big: " + new string('v', 65535) + "\r\n" + Headers, out var message, out _);

        Assert.Equal((SipParseStatus.Invalid, SipParseError.TooLarge), (tooLong, error));
        Assert.Equal(SipParseStatus.Complete, justFits);
        Assert.Equal(65535, message!.Headers["X-Big"]?.Length);
    }

    private static SipParseStatus Parse(string text, out SipMessage? message, out SipParseError error) =>
        SipMessageParser.TryParse(Encoding.UTF8.GetBytes(text), isStream: false, out message, out _, out error);
}
