using System.Text;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// Stream framing (RFC 3261 §18.3, §7.5): every prefix of a stream-framed message is NeedMore with
/// nothing consumed; the whole message is Complete with its exact length consumed, leading CRLF
/// keep-alives included; <see cref="SipMessageParser.FindMessageEnd"/> agrees with the parser.
/// </summary>
public sealed class StreamFramingTests
{
    public static TheoryData<string> StreamFixtures => new()
    {
        "invite-sdp-via-proxy.sip",
        "ok-200-invite.sip",
        "register.sip",
        "notify-sipfrag.sip",
        "torture-compact-forms.sip",
        "torture-whitespace-folding.sip",
        "torture-bare-lf.sip",
        "torture-unknown-method.sip",
    };

    [Theory]
    [MemberData(nameof(StreamFixtures))]
    public void EveryPrefixNeedsMoreWithoutConsumingUntilTheMessageIsComplete(string file)
    {
        var bytes = WireFixture.Load(file);

        for (var length = 0; length < bytes.Length; length++)
        {
            var status = SipMessageParser.TryParse(bytes.AsMemory(0, length), isStream: true, out var message, out var consumed, out var error);

            Assert.Equal(SipParseStatus.NeedMore, status);
            Assert.Equal(0, consumed);
            Assert.Null(message);
            Assert.Equal(length == 0 ? SipParseError.Empty : SipParseError.None, error);
            Assert.Equal(-1, SipMessageParser.FindMessageEnd(bytes.AsSpan(0, length)));
        }

        var complete = SipMessageParser.TryParse(bytes, isStream: true, out var whole, out var used, out _);
        Assert.Equal(SipParseStatus.Complete, complete);
        Assert.Equal(bytes.Length, used);
        Assert.NotNull(whole);
        Assert.Equal(bytes.Length, SipMessageParser.FindMessageEnd(bytes));
    }

    [Fact]
    public void LeadingKeepAlivesAreSkippedAndCountedAsConsumed()
    {
        var message = WireFixture.Load("options-keepalive.sip");
        var bytes = Concat("\r\n\r\n\r\n"u8.ToArray(), message);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(SipParseStatus.NeedMore, SipMessageParser.TryParse(bytes.AsMemory(0, length), true, out _, out var none, out _));
            Assert.Equal(0, none);
        }

        Assert.Equal(SipParseStatus.Complete, SipMessageParser.TryParse(bytes, true, out var parsed, out var consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(bytes.Length, SipMessageParser.FindMessageEnd(bytes));
        Assert.Equal(6, SipMessageParser.CountKeepAliveBytes(bytes));
        Assert.Equal("OPTIONS", ((CtiConnector.Sip.Messages.SipRequest)parsed!).Method);
    }

    [Fact]
    public void BackToBackMessagesAreFramedExactlyAtEveryPrefix()
    {
        byte[][] parts =
        [
            "\r\n\r\n"u8.ToArray(),
            WireFixture.Load("invite-sdp-via-proxy.sip"),
            WireFixture.Load("register.sip"),
            "\r\n"u8.ToArray(),
            WireFixture.Load("notify-sipfrag.sip"),
            WireFixture.Load("bye.sip"),
        ];
        var stream = Concat(parts);

        // Where each message ends in the stream (keep-alives belong to the message after them).
        var ends = new List<int>();
        var at = 0;
        foreach (var part in parts)
        {
            at += part.Length;
            if (part.Length > 4)
            {
                ends.Add(at);
            }
        }

        for (var length = 0; length <= stream.Length; length++)
        {
            var offset = 0;
            var framed = new List<int>();
            while (true)
            {
                var input = stream.AsMemory(offset, length - offset);
                var status = SipMessageParser.TryParse(input, isStream: true, out var message, out var consumed, out var error);
                if (status != SipParseStatus.Complete)
                {
                    Assert.Equal(SipParseStatus.NeedMore, status);
                    Assert.Equal(0, consumed);
                    Assert.Equal(-1, SipMessageParser.FindMessageEnd(input.Span));
                    break;
                }

                Assert.Equal(SipParseError.None, error);
                Assert.NotNull(message);
                Assert.Equal(consumed, SipMessageParser.FindMessageEnd(input.Span));
                offset += consumed;
                framed.Add(offset);
            }

            Assert.Equal(ends.Where(e => e <= length), framed);
        }
    }

    [Fact]
    public void BodyIsCutAtContentLengthAndTheRestIsLeftForTheNextMessage()
    {
        var first = WireFixture.Load("notify-sipfrag.sip");
        var stream = Concat(first, Encoding.ASCII.GetBytes("SIP/2.0 100 Trying\r\n"));

        var status = SipMessageParser.TryParse(stream, isStream: true, out var message, out var consumed, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal(first.Length, consumed);
        Assert.Equal("SIP/2.0 200 OK\r\n", message!.BodyText);
    }

    [Fact]
    public void MissingContentLengthOnAStreamMeansAnEmptyBody()
    {
        var bytes = Encoding.ASCII.GetBytes("OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\nleftover");

        var status = SipMessageParser.TryParse(bytes, isStream: true, out var message, out var consumed, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal(bytes.Length - "leftover".Length, consumed);
        Assert.Equal(0, message!.Body.Length);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("five")]
    [InlineData("5 5")]
    [InlineData("99999999999999999999")]
    [InlineData("2147483648")]
    [InlineData("")]
    public void MalformedContentLengthOnAStreamIsInvalid(string value)
    {
        var bytes = Encoding.ASCII.GetBytes(
            "MESSAGE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: " + value + "\r\n\r\nhello");

        var status = SipMessageParser.TryParse(bytes, isStream: true, out var message, out var consumed, out var error);

        Assert.Equal(SipParseStatus.Invalid, status);
        Assert.Equal(SipParseError.BadContentLength, error);
        Assert.Equal(0, consumed);
        Assert.Null(message);
        Assert.Equal(-2, SipMessageParser.FindMessageEnd(bytes));
    }

    [Theory]
    [InlineData("bad-content-length-negative.sip")]
    [InlineData("bad-content-length-non-numeric.sip")]
    [InlineData("bad-content-length-overflow.sip")]
    [InlineData("bad-content-length-duplicate.sip")]
    public void BadContentLengthFixtureOnAStreamIsInvalid(string file)
    {
        var bytes = WireFixture.Load(file);

        var status = SipMessageParser.TryParse(bytes, isStream: true, out _, out _, out var error);

        Assert.Equal(SipParseStatus.Invalid, status);
        Assert.Equal(SipParseError.BadContentLength, error);
        Assert.Equal(-2, SipMessageParser.FindMessageEnd(bytes));
    }

    [Fact]
    public void DuplicateContentLengthWithTheSameValueStillFramesTheStream()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "MESSAGE sip:a@example.com SIP/2.0\r\nl: 5\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length:\r\n 5\r\n\r\nhelloMORE");

        var status = SipMessageParser.TryParse(bytes, isStream: true, out var message, out var consumed, out _);

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal(bytes.Length - 4, consumed);
        Assert.Equal(bytes.Length - 4, SipMessageParser.FindMessageEnd(bytes));
        Assert.Equal("hello", message!.BodyText);
    }

    [Fact]
    public void ContentLengthLargerThanWhatArrivedNeedsMore()
    {
        var bytes = WireFixture.Load("bad-content-length-too-large.sip");

        var status = SipMessageParser.TryParse(bytes, isStream: true, out _, out var consumed, out _);

        Assert.Equal(SipParseStatus.NeedMore, status);
        Assert.Equal(0, consumed);
        Assert.Equal(-1, SipMessageParser.FindMessageEnd(bytes));
    }

    [Theory]
    [InlineData("bad-garbage.sip", SipParseError.BadStartLine)]
    [InlineData("bad-space-in-request-uri.sip", SipParseError.BadStartLine)]
    [InlineData("bad-status-code.sip", SipParseError.BadStatusCode)]
    public void BadStartLineOnAStreamIsInvalidAsSoonAsTheLineIsComplete(string file, SipParseError expected)
    {
        var bytes = WireFixture.Load(file);
        var skip = SipMessageParser.CountKeepAliveBytes(bytes);
        var firstLine = skip + bytes.AsSpan(skip).IndexOf((byte)'\n') + 1;

        var status = SipMessageParser.TryParse(bytes.AsMemory(0, firstLine), isStream: true, out _, out var consumed, out var error);

        Assert.Equal(SipParseStatus.Invalid, status);
        Assert.Equal(expected, error);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void OnlyKeepAlivesOnAStreamNeedMoreAndAsADatagramAreEmpty()
    {
        var bytes = "\r\n\r\n"u8.ToArray();

        Assert.Equal(SipParseStatus.NeedMore, SipMessageParser.TryParse(bytes, isStream: true, out _, out var consumed, out _));
        Assert.Equal(0, consumed);
        Assert.Equal(SipParseStatus.Invalid, SipMessageParser.TryParse(bytes, isStream: false, out _, out _, out var error));
        Assert.Equal(SipParseError.Empty, error);
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }
}
