using System.Net;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;

namespace CtiConnector.Media.Tests.Sdp;

public class SdpNegotiatorTests
{
    private static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 20000);
    private static readonly SdpOrigin Origin = new("-", "42", 1, "IN", "IP4", "192.0.2.1");

    private static SessionDescription Offer(string media, string direction = "", string connection = "c=IN IP4 198.51.100.5\r\n") =>
        Parse($"v=0\r\no=- 1 1 IN IP4 198.51.100.5\r\ns=-\r\n{connection}t=0 0\r\n{media}{direction}");

    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error?.ToString());
        return sdp;
    }

    private static (SessionDescription Answer, NegotiatedAudio Negotiated) Answer(
        SessionDescription offer,
        MediaDirection local = MediaDirection.SendRecv,
        AudioNegotiationOptions? options = null)
    {
        var negotiator = new SdpNegotiator(options);
        Assert.True(negotiator.TryCreateAnswer(offer, Local, Origin, local, out var answer, out var negotiated, out var failure), failure?.ToString());

        // The answer we write must itself be valid SDP.
        Assert.True(SessionDescription.TryParse(answer.ToString(), out _, out var error), error?.ToString());
        return (answer, negotiated);
    }

    [Fact]
    public void OfferListsPcmuPcmaAndTelephoneEventWithPtimeAndDirection()
    {
        var offer = new SdpNegotiator().CreateOffer(Local, Origin);

        var text = offer.ToString();
        Assert.Contains("m=audio 20000 RTP/AVP 0 8 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:0 PCMU/8000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:8 PCMA/8000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=rtpmap:101 telephone-event/8000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:101 0-16\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=ptime:20\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=sendrecv\r\n", text, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 192.0.2.1\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSharedDefaultOptionsCannotBeChangedThroughTheirCodecList()
    {
        // Every call without its own codecs shares AudioNegotiationOptions.Default: its list must stay read-only.
        var codecs = Assert.IsAssignableFrom<IList<AudioCodec>>(AudioNegotiationOptions.Default.CodecPreference);

        Assert.Throws<NotSupportedException>(() => codecs[0] = AudioCodec.Pcma);
        Assert.Throws<NotSupportedException>(() => codecs.Add(AudioCodec.Pcma));
        Assert.Equal([AudioCodec.Pcmu, AudioCodec.Pcma], AudioNegotiationOptions.Default.CodecPreference);
    }

    [Fact]
    public void OfferFollowsAConfiguredALawFirstPreference()
    {
        var options = new AudioNegotiationOptions { CodecPreference = [AudioCodec.Pcma, AudioCodec.Pcmu] };

        var offer = new SdpNegotiator(options).CreateOffer(Local, Origin);

        Assert.Equal(["8", "0", "101"], offer.Media[0].Formats);
    }

    [Fact]
    public void HoldOfferIsSendOnlyAndCanUseTheLegacyAddress()
    {
        var negotiator = new SdpNegotiator();

        var modern = negotiator.CreateOffer(Local, Origin, MediaDirection.SendOnly);
        var legacy = negotiator.CreateOffer(Local, Origin, MediaDirection.Inactive, legacyHoldAddress: true);

        Assert.Equal(MediaDirection.SendOnly, modern.Media[0].Direction);
        Assert.Equal("192.0.2.1", modern.Connection!.Address);
        Assert.Equal(MediaDirection.Inactive, legacy.Media[0].Direction);
        Assert.True(legacy.Connection!.IsLegacyHold);
    }

    [Fact]
    public void AnswerToZoiperPicksPcmuAndTelephoneEvent()
    {
        var (answer, negotiated) = Answer(Fixture.Sdp("zoiper-offer.sdp"));

        Assert.Equal(AudioCodec.Pcmu, negotiated.Codec);
        Assert.Equal(0, negotiated.PayloadType);
        Assert.Equal(101, negotiated.TelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.23"), 8000), negotiated.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.23"), 8001), negotiated.RemoteRtcp);
        Assert.Equal(20, negotiated.Ptime);
        Assert.Equal(MediaDirection.SendRecv, negotiated.Direction);
        Assert.Equal(["0", "101"], answer.Media[0].Formats);
        Assert.Equal("0-16", answer.Media[0].GetFmtp(101));
        Assert.Equal(20000, answer.Media[0].Port);
    }

    [Fact]
    public void AnswerHonoursOurPreferenceOverTheOfferersOrder()
    {
        var options = new AudioNegotiationOptions { CodecPreference = [AudioCodec.Pcma, AudioCodec.Pcmu] };

        var (_, negotiated) = Answer(Fixture.Sdp("zoiper-offer.sdp"), options: options);

        Assert.Equal(AudioCodec.Pcma, negotiated.Codec);
        Assert.Equal(8, negotiated.PayloadType);
    }

    [Fact]
    public void AnswerToLinphonePicksTheEightKilohertzTelephoneEvent()
    {
        var (_, negotiated) = Answer(Fixture.Sdp("linphone-offer.sdp"));

        Assert.Equal(AudioCodec.Pcmu, negotiated.Codec);
        Assert.Equal(100, negotiated.TelephoneEventPayloadType);
    }

    [Fact]
    public void DynamicPayloadTypeNamedPcmaIsRecognisedByItsRtpmap()
    {
        var offer = Offer("m=audio 4000 RTP/AVP 97\r\na=rtpmap:97 pcma/8000\r\n");

        var (_, negotiated) = Answer(offer);

        Assert.Equal(AudioCodec.Pcma, negotiated.Codec);
        Assert.Equal(97, negotiated.PayloadType);
        Assert.Null(negotiated.TelephoneEventPayloadType);
    }

    [Theory]
    [InlineData("a=sendonly\r\n", MediaDirection.SendRecv, MediaDirection.RecvOnly)]
    [InlineData("a=recvonly\r\n", MediaDirection.SendRecv, MediaDirection.SendOnly)]
    [InlineData("a=inactive\r\n", MediaDirection.SendRecv, MediaDirection.Inactive)]
    [InlineData("a=sendrecv\r\n", MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData("", MediaDirection.SendRecv, MediaDirection.SendRecv)]
    [InlineData("a=sendrecv\r\n", MediaDirection.SendOnly, MediaDirection.SendOnly)]
    [InlineData("a=sendrecv\r\n", MediaDirection.Inactive, MediaDirection.Inactive)]
    [InlineData("a=sendonly\r\n", MediaDirection.SendOnly, MediaDirection.Inactive)]
    [InlineData("a=recvonly\r\n", MediaDirection.RecvOnly, MediaDirection.Inactive)]
    public void AnswerDirectionFollowsRfc3264(string offered, MediaDirection local, MediaDirection expected)
    {
        var offer = Offer("m=audio 4000 RTP/AVP 0\r\n" + offered);

        var (answer, negotiated) = Answer(offer, local);

        Assert.Equal(expected, negotiated.Direction);
        Assert.Equal(expected, answer.Media[0].Direction);
    }

    [Fact]
    public void SessionLevelDirectionAppliesWhenTheMediaHasNone()
    {
        var offer = Parse("v=0\r\no=- 1 1 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=0 0\r\na=sendonly\r\nm=audio 4000 RTP/AVP 0\r\n");

        var (_, negotiated) = Answer(offer);

        Assert.Equal(MediaDirection.RecvOnly, negotiated.Direction);
    }

    [Fact]
    public void LegacyHoldAddressMeansWeDoNotSendAndHaveNoRemoteEndPoint()
    {
        var (_, negotiated) = Answer(Fixture.Sdp("legacy-hold-lf.sdp"));

        Assert.Null(negotiated.RemoteRtp);
        Assert.Equal(MediaDirection.RecvOnly, negotiated.Direction);
    }

    [Fact]
    public void OtherStreamsAreRejectedWithPortZeroInTheirPlace()
    {
        var (answer, negotiated) = Answer(Fixture.Sdp("hold-with-video.sdp"));

        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(20000, answer.Media[0].Port);
        Assert.Equal("video", answer.Media[1].Media);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.44"), 40000), negotiated.RemoteRtp);
    }

    [Fact]
    public void AZeroPortAudioStreamIsSkippedForTheNextOne()
    {
        var offer = Offer("m=audio 0 RTP/AVP 0\r\nm=audio 6000 RTP/AVP 8\r\nc=IN IP4 203.0.113.7\r\n");

        var (answer, negotiated) = Answer(offer);

        Assert.Equal(0, answer.Media[0].Port);
        Assert.Equal(20000, answer.Media[1].Port);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 6000), negotiated.RemoteRtp);
    }

    [Fact]
    public void RtcpAttributeOverridesTheDefaultRtcpPort()
    {
        var offer = Offer("m=audio 4000 RTP/AVP 0\r\na=rtcp:4555 IN IP4 198.51.100.6\r\n");

        var (_, negotiated) = Answer(offer);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.6"), 4555), negotiated.RemoteRtcp);
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 9 18\r\n", NegotiationFailureKind.NoCommonCodec)]
    [InlineData("m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n", NegotiationFailureKind.NoCommonCodec)]
    [InlineData("m=audio 0 RTP/AVP 0\r\n", NegotiationFailureKind.NoAudioStream)]
    [InlineData("m=video 4000 RTP/AVP 96\r\n", NegotiationFailureKind.NoAudioStream)]
    [InlineData("m=audio 4000 RTP/SAVP 0\r\n", NegotiationFailureKind.NoCommonCrypto)]
    public void UnusableOffersFailWithA488Reason(string media, NegotiationFailureKind expected)
    {
        var negotiator = new SdpNegotiator();

        var ok = negotiator.TryCreateAnswer(Offer(media), Local, Origin, MediaDirection.SendRecv, out var answer, out _, out var failure);

        Assert.False(ok);
        Assert.Null(answer);
        Assert.Equal(expected, failure!.Kind);
        Assert.Equal(488, failure.SipStatusCode);
    }

    [Fact]
    public void AnOfferWithoutAnyConnectionAddressFails()
    {
        var negotiator = new SdpNegotiator();

        var ok = negotiator.TryCreateAnswer(Offer("m=audio 4000 RTP/AVP 0\r\n", connection: string.Empty), Local, Origin, MediaDirection.SendRecv, out _, out _, out var failure);

        Assert.False(ok);
        Assert.Equal(NegotiationFailureKind.NoConnectionAddress, failure!.Kind);
    }

    [Fact]
    public void ApplyingAsterisksAnswerSelectsALawAndItsAddress()
    {
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer(Local, Origin);

        Assert.True(negotiator.TryApplyAnswer(offer, Fixture.Sdp("asterisk-answer.sdp"), out var negotiated, out _));

        Assert.Equal(AudioCodec.Pcma, negotiated.Codec);
        Assert.Equal(8, negotiated.PayloadType);
        Assert.Equal(101, negotiated.TelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("212.27.52.5"), 16432), negotiated.RemoteRtp);
        Assert.Equal(MediaDirection.SendRecv, negotiated.Direction);
    }

    [Theory]
    [InlineData(MediaDirection.SendOnly, "a=recvonly", MediaDirection.SendOnly)]
    [InlineData(MediaDirection.SendOnly, "a=inactive", MediaDirection.Inactive)]
    [InlineData(MediaDirection.SendRecv, "a=sendonly", MediaDirection.RecvOnly)]
    [InlineData(MediaDirection.SendRecv, "a=recvonly", MediaDirection.SendOnly)]
    [InlineData(MediaDirection.Inactive, "a=inactive", MediaDirection.Inactive)]
    public void ApplyingAnAnswerReversesItsDirection(MediaDirection offered, string answered, MediaDirection expected)
    {
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer(Local, Origin, offered);
        var answer = Offer($"m=audio 4000 RTP/AVP 0\r\n{answered}\r\n");

        Assert.True(negotiator.TryApplyAnswer(offer, answer, out var negotiated, out _));

        Assert.Equal(expected, negotiated.Direction);
    }

    [Fact]
    public void ApplyingAnAnswerThatRejectsAudioFails()
    {
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer(Local, Origin);

        Assert.False(negotiator.TryApplyAnswer(offer, Offer("m=audio 0 RTP/AVP 0\r\n"), out _, out var failure));

        Assert.Equal(NegotiationFailureKind.StreamRejected, failure.Kind);
    }

    [Fact]
    public void ApplyingAnAnswerWithACodecWeDidNotOfferFails()
    {
        var negotiator = new SdpNegotiator(new AudioNegotiationOptions { CodecPreference = [AudioCodec.Pcmu] });
        var offer = negotiator.CreateOffer(Local, Origin);

        Assert.False(negotiator.TryApplyAnswer(offer, Offer("m=audio 4000 RTP/AVP 8\r\n"), out _, out var failure));

        Assert.Equal(NegotiationFailureKind.NoCommonCodec, failure.Kind);
    }

    [Fact]
    public void ApplyingAnAnswerWithExtraMediaSectionsFails()
    {
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer(Local, Origin);

        Assert.False(negotiator.TryApplyAnswer(offer, Fixture.Sdp("hold-with-video.sdp"), out _, out var failure));

        Assert.Equal(NegotiationFailureKind.AnswerMismatch, failure.Kind);
    }

    [Fact]
    public void OurOfferAnsweredByOurselvesRoundTrips()
    {
        var a = new SdpNegotiator();
        var b = new SdpNegotiator(new AudioNegotiationOptions { CodecPreference = [AudioCodec.Pcma, AudioCodec.Pcmu] });
        var offer = a.CreateOffer(Local, Origin);
        var remote = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 30000);

        Assert.True(b.TryCreateAnswer(Parse(offer.ToString()), remote, Origin, MediaDirection.SendRecv, out var answer, out var atB, out _));
        Assert.True(a.TryApplyAnswer(offer, Parse(answer.ToString()), out var atA, out _));

        Assert.Equal(atB.Codec, atA.Codec);
        Assert.Equal(AudioCodec.Pcma, atA.Codec);
        Assert.Equal(remote, atA.RemoteRtp);
        Assert.Equal(Local, atB.RemoteRtp);
        Assert.Equal(101, atA.TelephoneEventPayloadType);
    }

    [Fact]
    public void Ipv6AddressesAreOfferedAndAnsweredAsIp6()
    {
        var local6 = new IPEndPoint(IPAddress.IPv6Loopback, 20000);
        var negotiator = new SdpNegotiator();
        var offer = negotiator.CreateOffer(local6, Origin);
        var remote = Offer("m=audio 4000 RTP/AVP 0\r\n", connection: "c=IN IP6 2001:db8::5\r\n");

        Assert.True(negotiator.TryCreateAnswer(remote, local6, Origin, MediaDirection.SendRecv, out var answer, out var negotiated, out _));

        Assert.Contains("c=IN IP6 ::1\r\n", offer.ToString(), StringComparison.Ordinal);
        Assert.Equal("IP6", answer.Connection!.AddressType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 4000), negotiated.RemoteRtp);
    }
}
