using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// Every file under Fixtures/Wire, parsed as a datagram and as a stream, with its expected outcome:
/// the fields a transaction layer reads for good messages, the parse error or the validator's answer
/// for bad ones. Messages are our own, written in the spirit of RFC 4475; they do not copy it.
/// </summary>
public sealed class WireFixtureTests
{
    [Theory]
    [InlineData("invite-sdp-via-proxy.sip", "INVITE", "4fWq9Dk2XyZ0bQm7Lr3sTg..", 2, "INVITE", "z9hG4bK-pbx-7f3a91c2", "8a2f6c1e", 240)]
    [InlineData("ok-200-invite.sip", "200", "4fWq9Dk2XyZ0bQm7Lr3sTg..", 2, "INVITE", "z9hG4bK-pbx-7f3a91c2", "8a2f6c1e", 235)]
    [InlineData("register.sip", "REGISTER", "reg-6b1e0d7c-2f44-4d1a-9a35-10f4d0c1a2b3", 41923, "REGISTER", "z9hG4bKPj3b8e1f7a2c", "c1d2e3f4a5b6", 0)]
    [InlineData("unauthorized-401.sip", "401", "reg-6b1e0d7c-2f44-4d1a-9a35-10f4d0c1a2b3", 41923, "REGISTER", "z9hG4bKPj3b8e1f7a2c", "c1d2e3f4a5b6", 0)]
    [InlineData("options-keepalive.sip", "OPTIONS", "1872345690@192.0.2.101", 20, "OPTIONS", "z9hG4bK1427563541", "1934071520", 0)]
    [InlineData("bye.sip", "BYE", "4fWq9Dk2XyZ0bQm7Lr3sTg..", 102, "BYE", "z9hG4bK2d4e6f80", "as1f2e3d4c", 0)]
    [InlineData("notify-sipfrag.sip", "NOTIFY", "4fWq9Dk2XyZ0bQm7Lr3sTg..", 103, "NOTIFY", "z9hG4bK5a6b7c8d", "as1f2e3d4c", 16)]
    [InlineData("refer.sip", "REFER", "4fWq9Dk2XyZ0bQm7Lr3sTg..", 3, "REFER", "z9hG4bK-524287-1---0b1c2d3e4f5a6b7c", "8a2f6c1e", 0)]
    [InlineData("torture-compact-forms.sip", "INVITE", "compact-8812@192.0.2.33", 7, "INVITE", "z9hG4bKcmpct01", "cmp1", 91)]
    [InlineData("torture-whitespace-folding.sip", "OPTIONS", "wsf.0a1b2c", 4, "OPTIONS", "z9hG4bKws01", "fld1", 0)]
    [InlineData("torture-escapes.sip", "INVITE", "esc.1@192.0.2.50", 139122385, "INVITE", "z9hG4bKesc01", "esc77", 0)]
    [InlineData("torture-unknown-headers-and-schemes.sip", "MESSAGE", "unk-2f7", 1, "MESSAGE", "z9hG4bKunk01", "unk9", 20)]
    [InlineData("torture-multiple-values.sip", "INVITE", "mv-11", 1, "INVITE", "z9hG4bKmv01", "mv5", 0)]
    [InlineData("torture-ipv6.sip", "INVITE", "v6-call@2001:db8::9", 1, "INVITE", "z9hG4bKv6a", "v6", 0)]
    [InlineData("torture-tel-uri.sip", "INVITE", "tel-1@192.0.2.61", 1, "INVITE", "z9hG4bKtel01", "tel1", 0)]
    [InlineData("torture-bare-lf.sip", "BYE", "lf-only", 5, "BYE", "z9hG4bKlf01", "lf1", 0)]
    [InlineData("torture-unknown-method.sip", "NEWMETHOD", "newmethod.1", 2147483647, "NEWMETHOD", "z9hG4bKnm01", "nm1", 8)]
    [InlineData("torture-response-odd-reason.sip", "499", "odd.reason", 9, "OPTIONS", "z9hG4bKrr01", "rr1", 0)]
    public void GoodFixtureParsesAndPassesValidation(
        string file, string methodOrStatus, string callId, long cseq, string cseqMethod, string topBranch, string fromTag, int bodyLength)
    {
        foreach (var isStream in (bool[])[false, true])
        {
            var bytes = WireFixture.Load(file);
            var status = SipMessageParser.TryParse(bytes, isStream, out var message, out var consumed, out var error);

            Assert.Equal(SipParseStatus.Complete, status);
            Assert.Equal(SipParseError.None, error);
            Assert.Equal(bytes.Length, consumed);
            Assert.NotNull(message);
            var first = message is SipRequest request ? request.Method : ((SipResponse)message).StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(methodOrStatus, first);
            Assert.Equal(callId, message.CallId);
            Assert.Equal(new CSeqHeader(cseq, cseqMethod), message.CSeq);
            Assert.Equal(topBranch, message.TopVia?.Branch);
            Assert.Equal(fromTag, message.FromTag);
            Assert.Equal(bodyLength, message.Body.Length);
            Assert.Equal(SipValidation.Ok, SipMessageValidator.Validate(message, isStream));
        }
    }

    [Theory]
    [InlineData("bad-missing-call-id.sip", SipParseError.None, 400, true)]
    [InlineData("bad-missing-from.sip", SipParseError.None, 400, true)]
    [InlineData("bad-missing-to.sip", SipParseError.None, 400, true)]
    [InlineData("bad-missing-cseq.sip", SipParseError.None, 400, true)]
    [InlineData("bad-missing-via.sip", SipParseError.None, 400, false)]
    [InlineData("bad-malformed-via.sip", SipParseError.None, 400, false)]
    [InlineData("bad-cseq-method-mismatch.sip", SipParseError.None, 400, true)]
    [InlineData("bad-cseq-non-numeric.sip", SipParseError.None, 400, true)]
    [InlineData("bad-cseq-overflow.sip", SipParseError.None, 400, true)]
    [InlineData("bad-cseq-negative.sip", SipParseError.None, 400, true)]
    [InlineData("bad-content-length-negative.sip", SipParseError.None, 400, true)]
    [InlineData("bad-content-length-non-numeric.sip", SipParseError.None, 400, true)]
    [InlineData("bad-content-length-too-large.sip", SipParseError.None, 400, true)]
    [InlineData("bad-content-length-overflow.sip", SipParseError.None, 400, true)]
    [InlineData("bad-content-length-duplicate.sip", SipParseError.None, 400, true)]
    [InlineData("bad-unterminated-display-name.sip", SipParseError.None, 400, true)]
    [InlineData("bad-unknown-scheme-request-uri.sip", SipParseError.None, 416, true)]
    [InlineData("bad-version-7.sip", SipParseError.None, 505, true)]
    [InlineData("bad-unbracketed-ipv6-request-uri.sip", SipParseError.None, 400, true)]
    [InlineData("bad-max-forwards.sip", SipParseError.None, 400, true)]
    [InlineData("bad-response-version-7.sip", SipParseError.None, 400, false)]
    [InlineData("bad-ack-missing-call-id.sip", SipParseError.None, 400, false)]
    [InlineData("bad-space-in-request-uri.sip", SipParseError.BadStartLine, 0, false)]
    [InlineData("bad-header-without-colon.sip", SipParseError.BadHeaderLine, 0, false)]
    [InlineData("bad-status-code.sip", SipParseError.BadStatusCode, 0, false)]
    [InlineData("bad-garbage.sip", SipParseError.BadStartLine, 0, false)]
    [InlineData("bad-nul-in-header.sip", SipParseError.BadHeaderLine, 0, false)]
    public void BadFixtureIsRejectedByTheParserOrAnsweredByTheValidator(string file, SipParseError parseError, int statusCode, bool canRespond)
    {
        var bytes = WireFixture.Load(file);
        var status = SipMessageParser.TryParse(bytes, isStream: false, out var message, out _, out var error);

        Assert.Equal(parseError, error);
        if (parseError != SipParseError.None)
        {
            Assert.Equal(SipParseStatus.Invalid, status);
            Assert.Null(message);
            return;
        }

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.NotNull(message);
        var verdict = SipMessageValidator.Validate(message, isStream: false);
        Assert.Equal(statusCode, verdict.StatusCode);
        Assert.Equal(canRespond, verdict.CanRespond);
        Assert.False(verdict.IsValid);
    }

    [Fact]
    public void EveryFixtureFileHasAnExpectedOutcome()
    {
        var covered = typeof(WireFixtureTests).GetMethods()
            .SelectMany(m => m.GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>())
            .Select(a => (string)a.GetData(null!).First()[0])
            .ToHashSet(StringComparer.Ordinal);

        var missing = WireFixture.AllNames().Where(n => !covered.Contains(n)).ToList();

        Assert.Empty(missing);
        Assert.InRange(covered.Count, 40, int.MaxValue);
    }

    [Fact]
    public void FixturesKeepTheirCrlfLineEnds()
    {
        var bytes = WireFixture.Load("invite-sdp-via-proxy.sip");

        var bareLf = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r'))
            {
                bareLf++;
            }
        }

        Assert.Equal(0, bareLf);
    }
}
