// Verifies: a=crypto lines (RFC 4568) are read and written; offers and answers with RTP/SAVP for each
// encryption policy; the first usable crypto line of an offer is picked; unusable or plain offers are
// refused with a reason (488) where the policy says so; an answer must match an offered tag and suite.
// Does not verify: the packets themselves (SrtpContextTests, SrtpLoopbackTests).
using System.Net;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Tests.Srtp;

public class SdesNegotiationTests
{
    private const string TheirKey = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
    private static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 20000);
    private static readonly SdpOrigin Origin = new("-", "42", 1, "IN", "IP4", "192.0.2.1");
    private static readonly SrtpMasterKey OurKey = SrtpMasterKey.Generate();

    private static SessionDescription Offer(string protocol, params string[] cryptoLines) => Parse(
        "v=0\r\no=- 1 1 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=0 0\r\n"
        + $"m=audio 4000 {protocol} 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
        + string.Concat(cryptoLines.Select(l => "a=crypto:" + l + "\r\n"))
        + "a=sendrecv\r\n");

    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error?.ToString());
        return sdp;
    }

    private static SdpNegotiator Negotiator(MediaEncryption encryption) => new(new AudioNegotiationOptions { Encryption = encryption });

    [Fact]
    public void ACryptoLineIsReadAndWrittenBack()
    {
        Assert.True(SdpCrypto.TryParse($"7 AES_CM_128_HMAC_SHA1_32 inline:{TheirKey}|2^20", out var crypto));

        Assert.Equal(7, crypto.Tag);
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag32, crypto.Suite);
        Assert.Equal(TheirKey, crypto.Key.ToBase64());
        Assert.Equal($"crypto:7 AES_CM_128_HMAC_SHA1_32 inline:{TheirKey}", crypto.ToAttribute().ToString());
    }

    [Theory]
    [InlineData("1 AES_256_CM_HMAC_SHA1_80 inline:" + TheirKey)]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey + "|2^20|1:4")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey + " UNENCRYPTED_SRTP")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:c2hvcnQ=")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:not base64 at all!!")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey)]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80")]
    public void CryptoLinesWeCannotUseAreNotRead(string value)
    {
        Assert.False(SdpCrypto.TryParse(value, out _));
    }

    [Fact]
    public void AnSdesOfferIsSavpWithOneCryptoLineCarryingOurKey()
    {
        var offer = Negotiator(MediaEncryption.Sdes).CreateOffer(Local, Origin, srtpKey: OurKey);

        var text = offer.ToString();
        Assert.Contains("m=audio 20000 RTP/SAVP 0 8 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{OurKey.ToBase64()}\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainPolicyOffersPlainRtp()
    {
        var text = Negotiator(MediaEncryption.None).CreateOffer(Local, Origin, srtpKey: OurKey).ToString();

        Assert.Contains("m=audio 20000 RTP/AVP 0 8 101\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("crypto", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaEncryption.None)]
    [InlineData(MediaEncryption.Sdes)]
    [InlineData(MediaEncryption.SdesRequired)]
    public void AnSrtpOfferIsAnsweredWithTheFirstSuiteWeSpeakAndOurKey(MediaEncryption policy)
    {
        var offer = Offer("RTP/SAVP", "1 AES_256_CM_HMAC_SHA1_80 inline:" + Convert.ToBase64String(new byte[46]), "2 AES_CM_128_HMAC_SHA1_32 inline:" + TheirKey, "3 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey);

        Assert.True(Negotiator(policy).TryCreateAnswer(offer, Local, Origin, MediaDirection.SendRecv, out var answer, out var negotiated, out var failure, OurKey), failure?.ToString());

        var text = answer.ToString();
        Assert.Contains("m=audio 20000 RTP/SAVP 0 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:{OurKey.ToBase64()}\r\n", text, StringComparison.Ordinal);
        Assert.Single(answer.Media[0].Attributes, a => a.Name == "crypto");
        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag32, negotiated.Srtp!.Suite);
        Assert.Equal(OurKey, negotiated.Srtp.SendKey);
        Assert.Equal(TheirKey, negotiated.Srtp.ReceiveKey.ToBase64());
    }

    [Fact]
    public void AnSrtpOfferWithOnlySuitesWeDoNotSpeakIsRefused()
    {
        var offer = Offer("RTP/SAVP", "1 AES_256_CM_HMAC_SHA1_80 inline:" + Convert.ToBase64String(new byte[46]), "2 F8_128_HMAC_SHA1_80 inline:" + TheirKey);

        Assert.False(Negotiator(MediaEncryption.None).TryCreateAnswer(offer, Local, Origin, MediaDirection.SendRecv, out _, out _, out var failure, OurKey));

        Assert.Equal(NegotiationFailureKind.NoCommonCrypto, failure.Kind);
        Assert.Equal(488, failure.SipStatusCode);
        Assert.Contains("AES_CM_128_HMAC_SHA1_80", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainOfferIsAcceptedUnlessSrtpIsRequired()
    {
        Assert.True(Negotiator(MediaEncryption.Sdes).TryCreateAnswer(Offer("RTP/AVP"), Local, Origin, MediaDirection.SendRecv, out var answer, out var negotiated, out _, OurKey));
        Assert.Null(negotiated.Srtp);
        Assert.DoesNotContain("crypto", answer.ToString(), StringComparison.Ordinal);

        Assert.False(Negotiator(MediaEncryption.SdesRequired).TryCreateAnswer(Offer("RTP/AVP"), Local, Origin, MediaDirection.SendRecv, out _, out _, out var failure, OurKey));
        Assert.Equal(NegotiationFailureKind.EncryptionRequired, failure.Kind);
    }

    [Fact]
    public void WhenBothAPlainAndAnSrtpStreamAreOfferedARequiredPolicyTakesTheSrtpOne()
    {
        var offer = Parse(
            "v=0\r\no=- 1 1 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n"
            + $"m=audio 4002 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{TheirKey}\r\na=sendrecv\r\n");

        Assert.True(Negotiator(MediaEncryption.SdesRequired).TryCreateAnswer(offer, Local, Origin, MediaDirection.SendRecv, out var answer, out var negotiated, out var failure, OurKey), failure?.ToString());

        Assert.Equal(0, answer.Media[0].Port);
        Assert.Equal("RTP/SAVP", answer.Media[1].Protocol);
        Assert.Equal(4002, negotiated.RemoteRtp!.Port);
        Assert.NotNull(negotiated.Srtp);
    }

    [Fact]
    public void AnAnswerToOurSrtpOfferGivesTheKeysOfBothSides()
    {
        var negotiator = Negotiator(MediaEncryption.Sdes);
        var offer = negotiator.CreateOffer(Local, Origin, srtpKey: OurKey);
        var answer = Offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey);

        Assert.True(negotiator.TryApplyAnswer(offer, answer, out var negotiated, out var failure), failure?.ToString());

        Assert.Equal(SrtpCryptoSuite.AesCm128HmacSha1Tag80, negotiated.Srtp!.Suite);
        Assert.Equal(OurKey, negotiated.Srtp.SendKey);
        Assert.Equal(TheirKey, negotiated.Srtp.ReceiveKey.ToBase64());
    }

    [Theory]
    [InlineData("RTP/AVP", "", NegotiationFailureKind.EncryptionRequired)]
    [InlineData("RTP/SAVP", "", NegotiationFailureKind.NoCommonCrypto)]
    [InlineData("RTP/SAVP", "2 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey, NegotiationFailureKind.NoCommonCrypto)]
    [InlineData("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_32 inline:" + TheirKey, NegotiationFailureKind.NoCommonCrypto)]
    public void AnAnswerThatDoesNotMatchOurSrtpOfferIsRefused(string protocol, string crypto, NegotiationFailureKind kind)
    {
        var negotiator = Negotiator(MediaEncryption.Sdes);
        var offer = negotiator.CreateOffer(Local, Origin, srtpKey: OurKey);
        var answer = crypto.Length == 0 ? Offer(protocol) : Offer(protocol, crypto);

        Assert.False(negotiator.TryApplyAnswer(offer, answer, out _, out var failure));

        Assert.Equal(kind, failure.Kind);
    }

    [Fact]
    public void AnSrtpAnswerToAPlainOfferIsRefused()
    {
        var negotiator = Negotiator(MediaEncryption.None);
        var offer = negotiator.CreateOffer(Local, Origin, srtpKey: OurKey);

        Assert.False(negotiator.TryApplyAnswer(offer, Offer("RTP/SAVP", "1 AES_CM_128_HMAC_SHA1_80 inline:" + TheirKey), out _, out var failure));

        Assert.Equal(NegotiationFailureKind.AnswerMismatch, failure.Kind);
    }
}
