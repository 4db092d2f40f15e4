// Verifies: the AES-CM keystream and the key derivation against RFC 3711 Appendix B.2 and B.3, SRTP and
// SRTCP round trips for both suites, the rollover counter across a sequence wrap, replay protection,
// and that a packet with one bit changed, a wrong key or a truncated tag is refused and left untouched.
// Does not verify: interoperability with another implementation (SrtpBaresipTests in the telephony tests do).
using System.Buffers.Binary;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Tests.Srtp;

public class SrtpContextTests
{
    private static readonly SrtpMasterKey Key = new(Enumerable.Range(1, 30).Select(i => (byte)i).ToArray());

    private static byte[] Rtp(ushort sequence, uint ssrc = 0x11223344, int payloadLength = 160)
    {
        var payload = Enumerable.Range(0, payloadLength).Select(i => (byte)(0xD5 ^ i)).ToArray();
        var buffer = new byte[1500];
        var length = RtpPacket.Write(buffer, new RtpHeader { PayloadType = 8, SequenceNumber = sequence, Timestamp = sequence * 160u, Ssrc = ssrc }, payload);
        return buffer[..length];
    }

    private static byte[] Protect(SrtpContext context, byte[] plain)
    {
        var buffer = new byte[plain.Length + context.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.Equal(buffer.Length, context.ProtectRtp(buffer, plain.Length));
        return buffer;
    }

    [Fact]
    public void KeystreamMatchesRfc3711AppendixB2()
    {
        // B.2: session key and salt, SSRC 0, index 0: the counter blocks start at F0F1...FCFD0000.
        using var aes = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[0xFF02 * 16];
        aes.Transform(iv, keystream);

        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Convert.ToHexString(keystream, 0, 16));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Convert.ToHexString(keystream, 16, 16));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Convert.ToHexString(keystream, 32, 16));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Convert.ToHexString(keystream, 0xFEFF * 16, 16));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Convert.ToHexString(keystream, 0xFF00 * 16, 16));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Convert.ToHexString(keystream, 0xFF01 * 16, 16));
    }

    [Fact]
    public void SessionKeysMatchRfc3711AppendixB3()
    {
        var master = new SrtpMasterKey(Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6"));

        var keys = SrtpSessionKeys.ForRtp(master);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.Encryption));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.Authentication));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.Salt));
    }

    [Fact]
    public void SrtcpKeysUseTheirOwnLabels()
    {
        var rtp = SrtpSessionKeys.ForRtp(Key);
        var rtcp = SrtpSessionKeys.ForRtcp(Key);

        Assert.NotEqual(rtp.Encryption, rtcp.Encryption);
        Assert.NotEqual(rtp.Authentication, rtcp.Authentication);
        Assert.NotEqual(rtp.Salt, rtcp.Salt);
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag80, 10)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag32, 4)]
    public void ProtectedPacketIsEncryptedAndComesBackWhole(SrtpCryptoSuite suite, int tagLength)
    {
        using var sender = new SrtpContext(suite, Key);
        using var receiver = new SrtpContext(suite, Key);
        var plain = Rtp(1000);

        var wire = Protect(sender, plain);

        Assert.Equal(plain.Length + tagLength, wire.Length);
        Assert.Equal(plain[..12], wire[..12]);
        Assert.NotEqual(plain[12..], wire[12..plain.Length]);
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(wire, out var length));
        Assert.Equal(plain, wire[..length]);
    }

    [Fact]
    public void AReplayedPacketIsRefused()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var first = Protect(sender, Rtp(10));
        var copy = (byte[])first.Clone();

        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(first, out _));
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp(copy, out _));
    }

    [Fact]
    public void LateButUnseenPacketsInsideTheWindowAreAcceptedAndOlderOnesAreNot()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var packets = Enumerable.Range(0, 300).Select(i => Protect(sender, Rtp((ushort)(5000 + i)))).ToArray();

        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(packets[0], out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(packets[200], out _));

        // 64 behind the newest: still inside the window, and never seen.
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(packets[136], out _));
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp((byte[])packets[136].Clone(), out _));

        // 199 behind: too old to tell it from a replay.
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtp(packets[1], out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(packets[299], out _));
    }

    [Fact]
    public void TheRolloverCounterFollowsASequenceWrapOnBothSides()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        for (var i = 0; i < 200; i++)
        {
            var plain = Rtp((ushort)(65436 + i));
            var wire = Protect(sender, plain);
            Assert.Equal(SrtpError.None, receiver.UnprotectRtp(wire, out var length));
            Assert.Equal(plain, wire[..length]);
        }

        // A packet from just before the wrap, delayed: the receiver estimates the old ROC for it.
        using var late = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var reordered = Enumerable.Range(0, 10).Select(i => Protect(late, Rtp((ushort)(65530 + i)))).ToArray();
        using var lateReceiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        Assert.Equal(SrtpError.None, lateReceiver.UnprotectRtp(reordered[0], out _));
        Assert.Equal(SrtpError.None, lateReceiver.UnprotectRtp(reordered[9], out _));
        Assert.Equal(SrtpError.None, lateReceiver.UnprotectRtp(reordered[3], out _));
        Assert.Equal(SrtpError.None, lateReceiver.UnprotectRtp(reordered[8], out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(-1)]
    public void APacketWithOneBitChangedIsRefusedAndLeftAsItWas(int offset)
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var wire = Protect(sender, Rtp(77));
        wire[offset < 0 ? wire.Length + offset : offset] ^= 0x04;
        var tampered = (byte[])wire.Clone();

        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(wire, out _));
        Assert.Equal(tampered, wire);
    }

    [Fact]
    public void AFailedPacketDoesNotBlockTheGenuineOneWithTheSameIndex()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var wire = Protect(sender, Rtp(300));
        var forged = (byte[])wire.Clone();
        forged[20] ^= 0xFF;

        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(forged, out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtp(wire, out _));
    }

    [Fact]
    public void AnotherKeyOrATruncatedPacketIsRefused()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, SrtpMasterKey.Generate());
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key);
        var wire = Protect(sender, Rtp(1));

        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(wire, out _));
        Assert.Equal(SrtpError.Malformed, receiver.UnprotectRtp(wire.AsSpan(0, 15), out _));
    }

    [Fact]
    public void SrtcpRoundTripsWithTheEncryptedFlagAndAnIndexAndRefusesReplaysAndTampering()
    {
        using var sender = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag32, Key);
        using var receiver = new SrtpContext(SrtpCryptoSuite.AesCm128HmacSha1Tag32, Key);
        var plain = new byte[28];
        plain[0] = 0x81;
        plain[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), 0xCAFEBABE);
        for (var i = 8; i < plain.Length; i++)
        {
            plain[i] = (byte)i;
        }

        var packets = new List<byte[]>();
        for (var n = 0; n < 3; n++)
        {
            var buffer = new byte[plain.Length + sender.RtcpOverhead];
            plain.CopyTo(buffer, 0);
            Assert.Equal(plain.Length + 14, sender.ProtectRtcp(buffer, plain.Length));
            Assert.Equal(0x8000_0000u | (uint)n, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(plain.Length)));
            Assert.NotEqual(plain[8..], buffer[8..plain.Length]);
            packets.Add(buffer);
        }

        var tampered = (byte[])packets[1].Clone();
        tampered[10] ^= 1;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(tampered, out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(packets[1], out var length));
        Assert.Equal(plain, packets[1][..length]);
        Assert.Equal(SrtpError.Replayed, receiver.UnprotectRtcp(packets[1], out _));
        Assert.Equal(SrtpError.None, receiver.UnprotectRtcp(packets[0], out _));
    }

    [Fact]
    public void TheMasterKeyNeverShowsInText()
    {
        var srtp = new NegotiatedSrtp(SrtpCryptoSuite.AesCm128HmacSha1Tag80, Key, Key);

        Assert.DoesNotContain(Key.ToBase64(), srtp.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key.ToBase64(), Key.ToString(), StringComparison.Ordinal);
    }
}
