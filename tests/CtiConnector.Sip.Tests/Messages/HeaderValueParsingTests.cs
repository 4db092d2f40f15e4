using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Tests.Messages;

/// <summary>Edge cases of the structured header values: SIP and tel URIs (RFC 3261 §19.1, RFC 3966), Via (§20.42), CSeq (§20.16).</summary>
public sealed class HeaderValueParsingTests
{
    [Fact]
    public void AUserPartMayHoldQuestionMarksAndSemicolons()
    {
        var uri = SipUri.Parse("sip:a?b;c@host.example.com;transport=tcp?X-Hdr=1");

        Assert.Equal("a?b;c", uri.User);
        Assert.Equal("host.example.com", uri.Host);
        Assert.Equal("tcp", uri.Transport);
        Assert.Equal("X-Hdr=1", uri.Headers);
    }

    [Theory]
    [InlineData("tel:+1-201-555-0123", true)]
    [InlineData("tel:7042;phone-context=example.com", true)]
    [InlineData("tel:12+34", false)]
    [InlineData("tel:+", false)]
    [InlineData("tel:", false)]
    [InlineData("tel:12 34", false)]
    public void TelUrisAcceptOnlyALeadingPlus(string text, bool valid)
    {
        Assert.Equal(valid, SipUri.TryParse(text, out _));
    }

    [Theory]
    [InlineData("sip:bob@[2001:db8::1", false)]
    [InlineData("sip:bob@2001:db8::1", false)]
    [InlineData("sip:bob@example.com:0", false)]
    [InlineData("sip:bob@example.com:65536", false)]
    [InlineData("sip:@example.com", false)]
    [InlineData("sip:", false)]
    [InlineData("mailto:bob@example.com", true)]
    [InlineData("SIP:bob@EXAMPLE.com:5060", true)]
    public void SipUriSyntaxIsChecked(string text, bool valid)
    {
        Assert.Equal(valid, SipUri.TryParse(text, out _));
    }

    [Fact]
    public void SchemesAreLowerCasedAndUnknownOnesKeptOpaque()
    {
        Assert.Equal("sip", SipUri.Parse("SIP:bob@example.com").Scheme);
        var other = SipUri.Parse("urn:service:sos");
        Assert.Equal(("urn", "service:sos"), (other.Scheme, other.Opaque));
        Assert.False(other.IsSip);
    }

    [Theory]
    [InlineData("SIP / 2.0 / tcp [2001:db8::1]:5061 ;branch=z9hG4bKx", "TCP", "2001:db8::1", 5061)]
    [InlineData("sip/2.0/wss df7jal23ls0d.invalid;branch=z9hG4bKy;rport", "WSS", "df7jal23ls0d.invalid", null)]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5060", "UDP", "192.0.2.1", 5060)]
    public void ViaSentProtocolAndSentByAreParsed(string text, string transport, string host, int? port)
    {
        Assert.True(ViaHeader.TryParse(text, out var via));
        Assert.Equal((transport, host, port), (via.Transport, via.Host, via.Port));
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/3.0/UDP host")]
    [InlineData("SIP/2.0 UDP host")]
    [InlineData("SIP/2.0/UDP host:0")]
    [InlineData("SIP/2.0/UDP user@host")]
    [InlineData("SIP/2.0/UDP host;branch=\"unterminated")]
    public void MalformedViaValuesAreRefused(string text)
    {
        Assert.False(ViaHeader.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1 INVITE", 1, "INVITE")]
    [InlineData("  2147483647\tBYE ", 2147483647, "BYE")]
    [InlineData("7\r\n  OPTIONS", 7, "OPTIONS")]
    public void CSeqValuesAreParsed(string text, long number, string method)
    {
        Assert.True(CSeqHeader.TryParse(text, out var cseq));
        Assert.Equal(new CSeqHeader(number, method), cseq);
    }

    [Theory]
    [InlineData("2147483648 INVITE")]
    [InlineData("-1 INVITE")]
    [InlineData("1")]
    [InlineData("INVITE")]
    [InlineData("1 INV ITE")]
    [InlineData("0x10 INVITE")]
    public void MalformedCSeqValuesAreRefused(string text)
    {
        Assert.False(CSeqHeader.TryParse(text, out _));
    }

    [Theory]
    [InlineData("\"A \\\"B\\\" C\" <sip:a@example.com>;tag=1", "A \"B\" C", "1")]
    [InlineData("Plain Name <sip:a@example.com>", "Plain Name", null)]
    [InlineData("sip:a@example.com;tag=2", null, "2")]
    [InlineData("<sip:a@example.com;transport=tcp>;tag=3", null, "3")]
    public void NameAddressesSeparateDisplayNameUriAndTag(string text, string? display, string? tag)
    {
        Assert.True(NameAddress.TryParse(text, out var value));
        Assert.Equal((display, tag), (value.DisplayName, value.Tag));
    }

    [Theory]
    [InlineData("\"Alice <sip:a@example.com>")]
    [InlineData("\"Alice\\")]
    [InlineData("<sip:a@example.com")]
    [InlineData("Alice \"x\" <sip:a@example.com>")]
    [InlineData("\"Alice\" sip:a@example.com")]
    [InlineData("")]
    public void MalformedNameAddressesAreRefused(string text)
    {
        Assert.False(NameAddress.TryParse(text, out _));
    }
}
