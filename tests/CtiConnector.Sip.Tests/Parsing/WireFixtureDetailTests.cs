using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// What each torture fixture is about, checked field by field: folding and odd whitespace (RFC 3261
/// §7.3.1), compact forms (§7.3.3), escapes (§19.1.2, §25.1), lists (§7.3.1), IPv6 references (RFC 5118),
/// tel: URIs (RFC 3966). <see cref="WireFixtureTests"/> covers the common fields of every fixture.
/// </summary>
public sealed class WireFixtureDetailTests
{
    private static SipMessage Parse(string file)
    {
        var status = SipMessageParser.TryParse(WireFixture.Load(file), isStream: false, out var message, out _, out var error);
        Assert.Equal(SipParseError.None, error);
        Assert.Equal(SipParseStatus.Complete, status);
        return message!;
    }

    [Fact]
    public void FoldedAndPaddedHeadersAreUnfoldedIntoSingleSpaces()
    {
        var message = Parse("torture-whitespace-folding.sip");

        Assert.Equal("Folded subject over three lines", message.Headers["Subject"]);
        Assert.Equal("value   with   inner   spaces", message.Headers["unknown-thing"]);
        Assert.Equal("68", message.Headers[HeaderId.MaxForwards]);
        Assert.Equal("Caller\tWith Tabs", message.From?.DisplayName);
        Assert.Equal("user", message.To?.Uri.User);
        Assert.Equal(("UDP", "192.0.2.7", (int?)5060), (message.TopVia!.Transport, message.TopVia.Host, message.TopVia.Port));
    }

    [Fact]
    public void CompactHeaderNamesAreRecognised()
    {
        var message = Parse("torture-compact-forms.sip");

        Assert.Equal(2, message.Headers.CountOf(HeaderId.Via));
        Assert.Equal("z9hG4bKcmpct00", ViaHeader.TryParse(message.Headers.GetValues(HeaderId.Via)[1], out var second) ? second.Branch : null);
        Assert.Equal("Bob", message.From?.DisplayName);
        Assert.Equal("sip:bob@192.0.2.33", message.Headers[HeaderId.Contact]?.Trim('<', '>'));
        Assert.Equal("application/sdp", message.ContentType);
        Assert.Equal(91, message.ContentLength);
        Assert.Equal("timer", message.Headers[HeaderId.Supported]);
        Assert.Equal("dialog", message.Headers[HeaderId.Event]);
        Assert.Equal("Lunch?", message.Headers["s"]);
    }

    [Fact]
    public void EscapedUserPartsAndQuotedDisplayNamesAreDecoded()
    {
        var request = (SipRequest)Parse("torture-escapes.sip");
        var uri = request.RequestUri!;

        Assert.Equal("sip%3Auser%40example.com", uri.User);
        Assert.Equal("sip:user@example.com", uri.UserUnescaped);
        Assert.Equal("example.net", uri.Host);
        Assert.Equal("%41b", uri.Parameters["unknownparam"]);
        Assert.Equal("Esc\"aped \\ Name", request.To?.DisplayName);
        Assert.Equal("Quote \"Marks\" and Ünïcödé", request.From?.DisplayName);
        Assert.Equal("j doe", request.From?.Uri.UserUnescaped);
        Assert.True(NameAddress.TryParse(request.Headers[HeaderId.Contact], out var contact));
        Assert.Equal("Semi;colon, comma", contact.DisplayName);
        Assert.Equal("\"quoted\"", contact.Uri.UserUnescaped);
        Assert.Single(request.Headers.GetValues(HeaderId.Contact));
    }

    [Fact]
    public void UnknownHeadersAndSchemesAreKeptVerbatim()
    {
        var message = Parse("torture-unknown-headers-and-schemes.sip");

        Assert.True(NameAddress.TryParse(message.Headers[HeaderId.Contact], out var contact));
        Assert.Equal("urn", contact.Uri.Scheme);
        Assert.Equal("uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", contact.Uri.Opaque);
        Assert.Equal("~`'%*+ all token chars in the name", message.Headers["X-Weird_header.v2!"]);
        Assert.Equal("a, \"b,c\", <d,e>", message.Headers["P-Odd-List"]);
        Assert.Equal("<http://www.example.com/alice/photo.jpg>;purpose=icon", message.Headers["call-info"]);
        Assert.Equal("Hello, Ünïcödé\r\n", message.BodyText);
        var names = message.Headers.Where(h => h.Id == HeaderId.Other).Select(h => h.Name).ToArray();
        Assert.Equal(["Call-Info", "X-Weird_header.v2!", "P-Odd-List"], names);
    }

    [Fact]
    public void ListHeadersSplitAcrossCommasAndLinesInOrder()
    {
        var message = Parse("torture-multiple-values.sip");

        var branches = message.Headers.GetValues(HeaderId.Via).Select(v => ViaHeader.TryParse(v, out var via) ? via.Branch : null);
        Assert.Equal(["z9hG4bKmv01", "z9hG4bKmv02", "z9hG4bKmv03"], branches);
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>", "<sip:p3.example.com;lr>"], message.Headers.GetValues(HeaderId.Route));
        var contacts = message.Headers.GetValues(HeaderId.Contact);
        Assert.Equal(2, contacts.Count);
        Assert.Equal("Bob, Jr.", NameAddress.Parse(contacts[0]).DisplayName);
        Assert.Equal("0.1", NameAddress.Parse(contacts[1]).Parameters["q"]);
        Assert.Equal(["timer", "replaces", "100rel"], message.Headers.GetValues(HeaderId.Supported));
        Assert.Equal("edge.example.com", message.TopVia?.Host);
    }

    [Fact]
    public void Ipv6ReferencesParseWithoutTheirBrackets()
    {
        var request = (SipRequest)Parse("torture-ipv6.sip");

        Assert.Equal("2001:db8::10", request.RequestUri?.Host);
        Assert.Equal(5070, request.RequestUri?.Port);
        Assert.Equal("tcp", request.RequestUri?.Transport);
        Assert.Equal("2001:db8::9", request.TopVia?.Host);
        Assert.Equal(5060, request.TopVia?.Port);
        Assert.Equal("2001:db8::9", request.TopVia?.Received);
        Assert.Equal("[2001:db8::10]:5070", request.To?.Uri.HostPort);
        Assert.Equal("sip:alice@[2001:db8::9]:5060;transport=tcp", NameAddress.Parse(request.Headers[HeaderId.Contact]!).Uri.ToString());
    }

    [Fact]
    public void TelUrisKeepTheirNumberAndPhoneContext()
    {
        var request = (SipRequest)Parse("torture-tel-uri.sip");

        Assert.True(request.RequestUri?.IsTel);
        Assert.Equal("7042", request.RequestUri?.User);
        Assert.Equal("example.com", request.RequestUri?.Parameters["phone-context"]);
        Assert.Equal("+1-201-555-0123", request.From?.Uri.User);
        Assert.Equal("phone", NameAddress.Parse(request.Headers[HeaderId.Contact]!).Uri.Parameters["user"]);
    }

    [Fact]
    public void ReasonPhraseKeepsUtf8AndTabs()
    {
        var response = (SipResponse)Parse("torture-response-odd-reason.sip");

        Assert.Equal("Totally Ünusual\tReason, with tab", response.ReasonPhrase);
    }

    [Fact]
    public void ProxiedInviteExposesViaRecordRouteAndContactParameters()
    {
        var request = (SipRequest)Parse("invite-sdp-via-proxy.sip");

        Assert.True(request.TopVia?.HasRPort);
        Assert.Null(request.TopVia?.RPort);
        Assert.True(ViaHeader.TryParse(request.Headers.GetValues(HeaderId.Via)[1], out var second));
        Assert.Equal(40211, second.RPort);
        Assert.Equal("198.51.100.7", second.Received);
        Assert.Equal("<sip:203.0.113.10;lr;ftag=8a2f6c1e>", request.Headers[HeaderId.RecordRoute]);
        var contact = NameAddress.Parse(request.Headers[HeaderId.Contact]!);
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-0800200c9a66>\"", contact.Parameters["+sip.instance"]);
        Assert.Equal("3600", contact.Parameters["expires"]);
        Assert.True(contact.Uri.Parameters.Contains("ob"));
        Assert.Equal("udp", contact.Uri.Transport);
        Assert.Equal("sip:bob@192.0.2.200:5060;transport=udp", request.RequestUriText);
        Assert.StartsWith("v=0\r\no=alice ", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void ChallengeAndReferKeepTheirStructuredValues()
    {
        var challenge = Parse("unauthorized-401.sip");
        var refer = Parse("refer.sip");

        Assert.StartsWith("Digest realm=\"pbx.example.com\",nonce=", challenge.Headers[HeaderId.WwwAuthenticate], StringComparison.Ordinal);
        Assert.Equal("Unauthorized", ((SipResponse)challenge).ReasonPhrase);
        var referTo = NameAddress.Parse(refer.Headers[HeaderId.ReferTo]!);
        Assert.Equal("Replaces=7s2k1x%40192.0.2.55%3Bto-tag%3Dx9y8%3Bfrom-tag%3Dq5w6", referTo.Uri.Headers);
        Assert.Equal("carol", referTo.Uri.User);
    }
}
