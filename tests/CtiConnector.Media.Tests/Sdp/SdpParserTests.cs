using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Sdp;

public class SdpParserTests
{
    [Fact]
    public void ParsesZoiperOfferWithSessionConnectionAndStaticPayloadTypes()
    {
        var sdp = Fixture.Sdp("zoiper-offer.sdp");

        Assert.Equal("Zoiper", sdp.Origin.UserName);
        Assert.Equal(4172651UL, sdp.Origin.SessionVersion);
        Assert.Equal("192.168.1.23", sdp.Connection!.Address);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(8000, audio.Port);
        Assert.Equal(["0", "101", "8", "3"], audio.Formats);
        Assert.Equal("0-16", audio.GetFmtp(101));
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Contains(new SdpAttribute("rtcp-mux"), audio.Attributes);
    }

    [Fact]
    public void ParsesLinphoneOfferKeepingUnknownAttributes()
    {
        var sdp = Fixture.Sdp("linphone-offer.sdp");

        var audio = Assert.Single(sdp.Media);
        Assert.Equal("rtcp-xr", Assert.Single(sdp.Attributes).Name);
        Assert.Equal(2, audio.Attributes.Count(a => a.Name == "rtcp-fb"));
        Assert.Equal("opus", audio.GetRtpMap(96)!.EncodingName);
        Assert.Equal("2", audio.GetRtpMap(96)!.Parameters);
        Assert.Equal(8000, audio.GetRtpMap(100)!.ClockRate);
        Assert.Null(audio.Direction);
        Assert.Equal(MediaDirection.SendRecv, sdp.GetDirection(audio));
    }

    [Fact]
    public void ParsesMediaLevelConnectionAndDirectionPerStream()
    {
        var sdp = Fixture.Sdp("hold-with-video.sdp");

        Assert.Null(sdp.Connection);
        Assert.Equal(2, sdp.Media.Count);
        Assert.Equal("192.0.2.44", sdp.GetConnection(sdp.Media[0])!.Address);
        Assert.Equal(MediaDirection.SendOnly, sdp.GetDirection(sdp.Media[0]));
        Assert.Equal(MediaDirection.SendRecv, sdp.GetDirection(sdp.Media[1]));
        Assert.Equal("profile-level-id=42e01f", sdp.Media[1].GetFmtp(96));
    }

    [Fact]
    public void AcceptsBareLineFeedsAndSpotsTheLegacyHoldAddress()
    {
        var sdp = Fixture.Sdp("legacy-hold-lf.sdp");

        Assert.True(sdp.Connection!.IsLegacyHold);
        Assert.Equal(5004, sdp.Media[0].Port);
    }

    [Theory]
    [InlineData("zoiper-offer.sdp")]
    [InlineData("linphone-offer.sdp")]
    [InlineData("baresip-offer.sdp")]
    [InlineData("asterisk-answer.sdp")]
    [InlineData("hold-with-video.sdp")]
    public void WritingAParsedFixtureGivesTheSameBytes(string name)
    {
        var text = Fixture.Text(name);

        Assert.True(SessionDescription.TryParse(text, out var sdp, out _));
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void ParsesAUtf8Body()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Sdp", "Fixtures", "baresip-offer.sdp"));

        Assert.True(SessionDescription.TryParse(bytes, out var sdp, out _));
        Assert.Equal("AS:64", Assert.Single(sdp.Media[0].Bandwidths));
        Assert.Equal(20, sdp.Media[0].Ptime);
    }

    [Theory]
    [InlineData("", SdpErrorKind.Empty)]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n", SdpErrorKind.UnsupportedVersion)]
    [InlineData("v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", SdpErrorKind.UnsupportedVersion)]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", SdpErrorKind.MissingLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nt=0 0\r\n", SdpErrorKind.MissingLine)]
    [InlineData("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\ns=-\r\n", SdpErrorKind.InvalidOrigin)]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n", SdpErrorKind.InvalidOrigin)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 300.1.1.1\r\n", SdpErrorKind.InvalidConnection)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4\r\n", SdpErrorKind.InvalidConnection)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n", SdpErrorKind.InvalidMedia)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 5000 RTP/AVP\r\n", SdpErrorKind.InvalidMedia)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 5000 RTP/AVP 300\r\n", SdpErrorKind.InvalidMedia)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio -1 RTP/AVP 0\r\n", SdpErrorKind.InvalidMedia)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nx=what\r\n", SdpErrorKind.UnknownLineType)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nthis is not sdp\r\n", SdpErrorKind.MalformedLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", SdpErrorKind.DuplicateLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nm=audio 5000 RTP/AVP 0\r\nt=0 0\r\n", SdpErrorKind.MalformedLine)]
    public void RefusesMalformedInputWithATypedReason(string text, SdpErrorKind expected)
    {
        var ok = SessionDescription.TryParse(text, out var sdp, out var error);

        Assert.False(ok);
        Assert.Null(sdp);
        Assert.Equal(expected, error!.Kind);
        Assert.False(string.IsNullOrEmpty(error.Detail));
    }

    [Fact]
    public void ReportsTheLineNumberOfTheProblem()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio abc RTP/AVP 0\r\n";

        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void RefusesInvalidUtf8()
    {
        byte[] body = [(byte)'v', (byte)'=', (byte)'0', 13, 10, 0xC3, 0x28];

        Assert.False(SessionDescription.TryParse(body, out _, out var error));
        Assert.Equal(SdpErrorKind.InvalidEncoding, error.Kind);
    }

    [Fact]
    public void EveryPrefixOfAFixtureParsesOrFailsWithoutThrowing()
    {
        var text = Fixture.Text("linphone-offer.sdp");
        var failures = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (!SessionDescription.TryParse(text[..i], out _, out _))
            {
                failures++;
            }
        }

        // Prefixes before the s= line must fail; later ones may parse with fewer lines.
        Assert.True(failures >= text.IndexOf("s=", StringComparison.Ordinal), $"only {failures} prefixes failed");
    }

    [Fact]
    public void SettingTheDirectionReplacesTheOldAttribute()
    {
        var sdp = Fixture.Sdp("zoiper-offer.sdp");
        var audio = sdp.Media[0];

        audio.Direction = MediaDirection.Inactive;

        Assert.Equal(MediaDirection.Inactive, audio.Direction);
        Assert.Single(audio.Attributes, a => a.Name is "sendrecv" or "inactive");
        Assert.Contains("a=inactive\r\n", sdp.ToString(), StringComparison.Ordinal);
    }
}
