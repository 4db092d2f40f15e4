using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// The parser hands out offsets, not strings: parsing a 1.2 kB INVITE allocates the message, its header
/// table and nothing else until a value is asked for. Not timed (see BENCHMARKS.md for the speed).
/// </summary>
public sealed class SipMessageParserAllocationTests
{
    /// <summary>The message, the header table (12 bytes a line) and the Request-URI slice; no header text.</summary>
    private const long ParseBudget = 512;

    [Fact]
    public void ParsingAllocatesNoHeaderStringsUntilAValueIsAsked()
    {
        var bytes = WireFixture.Load("invite-sdp-via-proxy.sip");
        for (var i = 0; i < 50; i++)
        {
            SipMessageParser.TryParse(bytes, isStream: true, out _, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var status = SipMessageParser.TryParse(bytes, isStream: true, out var message, out _, out _);
        var parsing = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(SipParseStatus.Complete, status);
        Assert.InRange(parsing, 1, ParseBudget);

        // Asking for a value decodes it (a string of 24 chars is over 48 bytes) and caches it.
        before = GC.GetAllocatedBytesForCurrentThread();
        var callId = message!.CallId;
        var decoding = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("4fWq9Dk2XyZ0bQm7Lr3sTg..", callId);
        Assert.InRange(decoding, 48, 1024);
        Assert.Same(callId, message.CallId);
    }

    [Fact]
    public void ReadingContentLengthAndCSeqDoesNotDecodeHeaderStrings()
    {
        var bytes = WireFixture.Load("invite-sdp-via-proxy.sip");
        SipMessageParser.TryParse(bytes, isStream: true, out var message, out _, out _);
        _ = message!.CSeq;
        _ = message.ContentLength;
        Assert.Equal("2 INVITE", message.Headers[HeaderId.CSeq]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var cseq = message.CSeq;
        var length = message.ContentLength;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new CSeqHeader(2, SipMethods.Invite), cseq);
        Assert.Equal(240, length);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ParsingAResponseWithTheUsualReasonPhraseAllocatesNoReasonString()
    {
        var bytes = WireFixture.Load("ok-200-invite.sip");
        SipMessageParser.TryParse(bytes, isStream: true, out var first, out _, out _);
        SipMessageParser.TryParse(bytes, isStream: true, out var second, out _, out _);

        Assert.Equal("OK", ((SipResponse)first!).ReasonPhrase);
        Assert.Same(((SipResponse)first).ReasonPhrase, ((SipResponse)second!).ReasonPhrase);
    }
}
