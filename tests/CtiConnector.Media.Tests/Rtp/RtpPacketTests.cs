using CtiConnector.Media.Rtp;

namespace CtiConnector.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void AWrittenPacketReadsBackWithEveryField()
    {
        var header = new RtpHeader { Marker = true, PayloadType = 8, SequenceNumber = 65535, Timestamp = 0xDEADBEEF, Ssrc = 0x01020304, ExtensionProfile = 0xBEDE };
        byte[] payload = [1, 2, 3, 4, 5];
        uint[] csrcs = [0xAABBCCDD, 0x11223344];
        byte[] extension = [9, 9, 9, 9];
        var buffer = new byte[RtpPacket.GetSize(payload.Length, csrcs.Length, extension.Length, 3)];

        var written = RtpPacket.Write(buffer, header, payload, csrcs, extension, paddingLength: 3);

        Assert.Equal(buffer.Length, written);
        Assert.True(RtpPacket.TryRead(buffer, out var read, out var error));
        Assert.Equal(RtpReadError.None, error);
        Assert.True(read.Marker);
        Assert.True(read.Padding);
        Assert.True(read.Extension);
        Assert.Equal(8, read.PayloadType);
        Assert.Equal(65535, read.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, read.Timestamp);
        Assert.Equal(0x01020304u, read.Ssrc);
        Assert.Equal(2, read.CsrcCount);
        Assert.Equal(0x11223344u, RtpPacket.GetCsrc(buffer, read, 1));
        Assert.Equal(0xBEDE, read.ExtensionProfile);
        Assert.Equal(extension, RtpPacket.GetExtension(buffer, read).ToArray());
        Assert.Equal(3, read.PaddingLength);
        Assert.Equal(payload, RtpPacket.GetPayload(buffer, read).ToArray());
    }

    [Fact]
    public void APlainAudioPacketHasATwelveByteHeader()
    {
        var buffer = new byte[172];
        var header = new RtpHeader { PayloadType = 0, SequenceNumber = 7, Timestamp = 160, Ssrc = 42 };

        var written = RtpPacket.Write(buffer, header, new byte[160]);

        Assert.Equal(172, written);
        Assert.Equal(0x80, buffer[0]);
        Assert.Equal(0x00, buffer[1]);
        Assert.True(RtpPacket.TryRead(buffer, out var read, out _));
        Assert.Equal(12, read.PayloadOffset);
        Assert.Equal(160, read.PayloadLength);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0, 1 }, RtpReadError.TooShort)]
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, RtpReadError.BadVersion)]
    [InlineData(new byte[] { 0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, RtpReadError.TooShort)]
    [InlineData(new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2 }, RtpReadError.TooShort)]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7, 0 }, RtpReadError.BadPadding)]
    [InlineData(new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 7, 9 }, RtpReadError.BadPadding)]
    [InlineData(new byte[] { 0x80, 200, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, RtpReadError.RtcpPayloadType)]
    public void MalformedPacketsAreRefusedWithAReason(byte[] packet, RtpReadError expected)
    {
        Assert.False(RtpPacket.TryRead(packet, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void EveryTruncationOfAPacketIsRefusedOrReadWithoutThrowing()
    {
        var buffer = new byte[64];
        var length = RtpPacket.Write(buffer, new RtpHeader { PayloadType = 0, Ssrc = 1 }, new byte[20], [5u], [1, 2, 3, 4]);
        var accepted = 0;
        for (var i = 0; i <= length; i++)
        {
            if (RtpPacket.TryRead(buffer.AsSpan(0, i), out var header, out _))
            {
                accepted++;
                Assert.True(header.PayloadOffset + header.PayloadLength <= i);
            }
        }

        // Only lengths that still hold the header, CSRC and extension (24 bytes) are accepted.
        Assert.Equal(length - 24 + 1, accepted);
    }
}
