using System.Net;
using CtiConnector.Sip.Stun;

namespace CtiConnector.Sip.Tests.Stun;

/// <summary>
/// The STUN codec against the sample messages of RFC 5769 (§2.1 request, §2.2 IPv4 and §2.3 IPv6 responses), re-typed
/// here: XOR-MAPPED-ADDRESS decoding, FINGERPRINT checking, framing. MESSAGE-INTEGRITY is not verified (this client
/// sends no credentials), so the vectors' integrity values are only carried along.
/// </summary>
public sealed class StunMessageTests
{
    private static readonly byte[] s_transactionId = Hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    // RFC 5769 §2.1: Binding request with SOFTWARE "STUN test client", PRIORITY, ICE-CONTROLLED, USERNAME,
    // MESSAGE-INTEGRITY and FINGERPRINT.
    private static readonly byte[] s_sampleRequest = Hex(
        "00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae " +
        "80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74 " +
        "00 24 00 04 6e 00 01 ff " +
        "80 29 00 08 93 2f f9 b1 51 26 3b 36 " +
        "00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20 " +
        "00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2 " +
        "80 28 00 04 e5 7a 3b cf");

    // RFC 5769 §2.2: success response, SOFTWARE "test vector", XOR-MAPPED-ADDRESS 192.0.2.1:32853.
    private static readonly byte[] s_sampleIpv4Response = Hex(
        "01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae " +
        "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20 " +
        "00 20 00 08 00 01 a1 47 e1 12 a6 43 " +
        "00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7 " +
        "80 28 00 04 c0 7d 4c 96");

    // RFC 5769 §2.3: the same with XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    private static readonly byte[] s_sampleIpv6Response = Hex(
        "01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae " +
        "80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20 " +
        "00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9 " +
        "00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41 " +
        "80 28 00 04 c8 fb 0b 4c");

    [Fact]
    public void TheIpv4SampleResponseGivesItsXorMappedAddress()
    {
        Assert.True(StunMessageReader.TryRead(s_sampleIpv4Response, out var info, out var error), error.ToString());

        Assert.Equal(StunMessage.BindingSuccessResponse, info.MessageType);
        Assert.Equal(s_transactionId, info.TransactionId);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), info.ReflexiveAddress);
        Assert.Null(info.MappedAddress);
        Assert.Equal("test vector", info.Software!.TrimEnd());
        Assert.True(info.HasFingerprint);
    }

    [Fact]
    public void TheIpv6SampleResponseGivesItsXorMappedAddress()
    {
        Assert.True(StunMessageReader.TryRead(s_sampleIpv6Response, out var info, out var error), error.ToString());

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), info.ReflexiveAddress);
        Assert.True(info.HasFingerprint);
    }

    [Fact]
    public void TheSampleRequestIsReadAndItsFingerprintMatches()
    {
        Assert.True(StunMessage.IsStun(s_sampleRequest));
        Assert.True(StunMessageReader.TryRead(s_sampleRequest, out var info, out var error), error.ToString());

        Assert.Equal(StunMessage.BindingRequest, info.MessageType);
        Assert.Equal("STUN test client", info.Software);
        Assert.True(info.HasFingerprint);
        Assert.Equal(0xe57a3bcfu, StunMessage.Fingerprint(s_sampleRequest.AsSpan(0, s_sampleRequest.Length - 8)));
    }

    [Fact]
    public void AFlippedBitIsCaughtByTheFingerprint()
    {
        var damaged = (byte[])s_sampleIpv4Response.Clone();
        damaged[30] ^= 0x01; // inside the XOR-MAPPED-ADDRESS value

        Assert.False(StunMessageReader.TryRead(damaged, out _, out var error));
        Assert.Equal(StunParseError.BadFingerprint, error);
    }

    [Fact]
    public void MappedAddressIsTheFallbackOfOldServers()
    {
        // RFC 3489 style: MAPPED-ADDRESS 198.51.100.7:5060 in clear, no XOR-MAPPED-ADDRESS.
        var response = Hex("01 01 00 0c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae 00 01 00 08 00 01 13 c4 c6 33 64 07");

        Assert.True(StunMessageReader.TryRead(response, out var info, out var error), error.ToString());

        Assert.Null(info.XorMappedAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5060), info.ReflexiveAddress);
        Assert.False(info.HasFingerprint);
    }

    [Fact]
    public void AnErrorResponseGivesItsCodeAndReason()
    {
        // ERROR-CODE 400 "Bad Request": class 4, number 0, reason padded to 12 bytes.
        var response = Hex("01 11 00 14 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae 00 09 00 0f 00 00 04 00 42 61 64 20 52 65 71 75 65 73 74 00");

        Assert.True(StunMessageReader.TryRead(response, out var info, out var error), error.ToString());

        Assert.Equal(StunMessage.BindingErrorResponse, info.MessageType);
        Assert.Equal(400, info.ErrorCode);
        Assert.Equal("Bad Request", info.ErrorReason);
    }

    [Fact]
    public void AWrittenRequestHasTheHeaderSoftwareAndAValidFingerprint()
    {
        var buffer = new byte[StunMessageWriter.MaxRequestLength];

        var length = StunMessageWriter.WriteBindingRequest(buffer, s_transactionId, "STUN test client", fingerprint: true);

        // Header (20) + SOFTWARE (4 + 16) + FINGERPRINT (8).
        Assert.Equal(48, length);
        Assert.Equal(Hex("00 01 00 1c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae 80 22 00 10"), buffer[..24]);
        Assert.Equal(s_sampleRequest.AsSpan(24, 16).ToArray(), buffer[24..40]);
        Assert.True(StunMessage.IsStun(buffer.AsSpan(0, length)));
        Assert.True(StunMessageReader.TryRead(buffer.AsSpan(0, length), out var info, out var error), error.ToString());
        Assert.True(info.HasFingerprint);
        Assert.Equal("STUN test client", info.Software);
    }

    [Theory]
    [InlineData("OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n\r\n")]
    [InlineData("\r\n\r\n")]
    public void SipIsNeverTakenForStun(string text)
    {
        Assert.False(StunMessage.IsStun(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void RtpIsNeverTakenForStun()
    {
        // Version 2, PCMU, then 20 bytes of payload: the first two bits are 10.
        var rtp = new byte[32];
        rtp[0] = 0x80;
        Assert.False(StunMessage.IsStun(rtp));
    }

    [Fact]
    public void TruncatedMessagesAreRefusedWithAReason()
    {
        for (var length = 0; length < s_sampleIpv4Response.Length; length++)
        {
            Assert.False(StunMessageReader.TryRead(s_sampleIpv4Response.AsSpan(0, length), out _, out var error));
            Assert.NotEqual(StunParseError.None, error);
        }
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));
}
