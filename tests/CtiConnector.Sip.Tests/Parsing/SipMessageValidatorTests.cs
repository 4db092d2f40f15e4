using System.Text;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// The validator's verdicts on one header changed at a time (RFC 3261 §8.2, §8.1.1; RFC 4475 §3.1.2):
/// which status to answer, and when not to answer at all. Wire fixtures cover whole messages.
/// </summary>
public sealed class SipMessageValidatorTests
{
    private const string Template =
        "{0} {1} SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKval1\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:caller@example.com>;tag=v1\r\n" +
        "To: <sip:user@example.com>\r\n" +
        "Call-ID: val.1\r\n" +
        "CSeq: 1 {0}\r\n" +
        "{2}" +
        "Content-Length: 0\r\n\r\n";

    [Theory]
    [InlineData("OPTIONS", "sip:user@example.com", "")]
    [InlineData("REGISTER", "sip:example.com", "Contact: *\r\nExpires: 0\r\n")]
    [InlineData("INVITE", "sips:user@example.com", "Contact: <sip:caller@192.0.2.5>;expires=60\r\n")]
    [InlineData("OPTIONS", "tel:+33123456789", "Via: SIP/2.0/TCP 192.0.2.6;branch=z9hG4bKval2\r\n")]
    public void WellFormedRequestsAreValid(string method, string uri, string extra)
    {
        var verdict = Validate(method, uri, extra);

        Assert.Equal(SipValidation.Ok, verdict);
        Assert.True(verdict.IsValid);
    }

    [Theory]
    [InlineData("Expires: soon\r\n", "Malformed Expires")]
    [InlineData("Contact: <sip:caller@192.0.2.5\r\n", "Malformed Contact")]
    [InlineData("From: <sip:other@example.com>;tag=v2\r\n", "Duplicate From")]
    [InlineData("Call-ID: val.2\r\n", "Duplicate Call-ID")]
    [InlineData("Max-Forwards: 69\r\n", "Duplicate Max-Forwards")]
    [InlineData("Expires: 60\r\nExpires: 60\r\n", "Duplicate Expires")]
    [InlineData("Via: SIP/2.0/UDP\r\n", "Malformed Via")]
    [InlineData("Content-Length: 0\r\n", "Duplicate Content-Length")]
    public void OneBadHeaderIsAnsweredWith400NamingIt(string extra, string reason)
    {
        var verdict = Validate("OPTIONS", "sip:user@example.com", extra);

        Assert.Equal(400, verdict.StatusCode);
        Assert.Equal("Bad Request - " + reason, verdict.Reason);
        Assert.True(verdict.CanRespond);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("-1")]
    [InlineData("256")]
    public void AMalformedMaxForwardsIsAnswered400(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "OPTIONS", "sip:user@example.com", string.Empty)
            .Replace("Max-Forwards: 70", "Max-Forwards: " + value, StringComparison.Ordinal));

        var verdict = Parse(bytes, out _);

        Assert.Equal(new SipValidation(400, "Bad Request - Malformed Max-Forwards", true), verdict);
    }

    [Fact]
    public void AnUnknownRequestUriSchemeIsAnswered416()
    {
        var verdict = Validate("OPTIONS", "xmpp:user@example.com", string.Empty);

        Assert.Equal(new SipValidation(416, "Unsupported URI Scheme", true), verdict);
    }

    [Fact]
    public void AnotherSipVersionIsAnswered505()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "OPTIONS", "sip:user@example.com", string.Empty).Replace("SIP/2.0\r\n", "SIP/3.1\r\n", StringComparison.Ordinal));

        var verdict = Parse(bytes, out _);

        Assert.Equal(new SipValidation(505, "Version Not Supported", true), verdict);
    }

    [Fact]
    public void AnAckIsNeverAnswered()
    {
        var verdict = Validate("ACK", "sip:user@example.com", "Max-Forwards: 69\r\n");

        Assert.Equal(400, verdict.StatusCode);
        Assert.False(verdict.CanRespond);
    }

    [Fact]
    public void AMalformedResponseIsDropped()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKr\r\nFrom: <sip:a@example.com>;tag=1\r\n" +
            "To: <sip:b@example.com>;tag=2\r\nCall-ID: r.1\r\nCSeq: x INVITE\r\nContent-Length: 0\r\n\r\n");

        var verdict = Parse(bytes, out var message);

        Assert.IsType<SipResponse>(message);
        Assert.Equal(400, verdict.StatusCode);
        Assert.False(verdict.CanRespond);
    }

    [Fact]
    public void ADatagramShorterThanItsContentLengthIsRejectedButAStreamIsNot()
    {
        var bytes = Encoding.UTF8.GetBytes(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "MESSAGE", "sip:user@example.com", string.Empty)
                .Replace("Content-Length: 0", "Content-Length: 4", StringComparison.Ordinal) + "body");
        SipMessageParser.TryParse(bytes.AsMemory(0, bytes.Length - 2), isStream: false, out var truncated, out _, out _);
        SipMessageParser.TryParse(bytes, isStream: true, out var whole, out _, out _);

        Assert.Equal("Bad Request - Content-Length larger than the message", SipMessageValidator.Validate(truncated!, isStream: false).Reason);
        Assert.Equal(SipValidation.Ok, SipMessageValidator.Validate(whole!, isStream: true));
    }

    private static SipValidation Validate(string method, string uri, string extra) =>
        Parse(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, method, uri, extra)), out _);

    private static SipValidation Parse(byte[] bytes, out SipMessage? message)
    {
        var status = SipMessageParser.TryParse(bytes, isStream: false, out message, out _, out var error);
        Assert.Equal(SipParseError.None, error);
        Assert.Equal(SipParseStatus.Complete, status);
        return SipMessageValidator.Validate(message!, isStream: false);
    }
}
