using CtiConnector.Media.Rtp;

namespace CtiConnector.Media.Tests.Rtp;

public class RtcpCompoundTests
{
    [Fact]
    public void SenderReportSdesAndByeRoundTrip()
    {
        var block = new RtcpReportBlock(0x11111111, 64, -3, 0x0001FFFF, 120, 0xAABBCCDD, 65536);
        RtcpPacket[] packets =
        [
            new RtcpSenderReport { Ssrc = 0x22222222, NtpTimestamp = 0xE0000000_80000000, RtpTimestamp = 8000, PacketCount = 50, OctetCount = 8000, Reports = [block] },
            new RtcpSourceDescription { Chunks = [new RtcpSdesChunk(0x22222222, [(RtcpSourceDescription.CName, "cti-abc@host"), (6, "CTI")])] },
            new RtcpBye { Sources = [0x22222222], Reason = "hangup" },
        ];
        var buffer = new byte[RtcpCompound.GetSize(packets)];

        var written = RtcpCompound.Write(buffer, packets);

        Assert.Equal(buffer.Length, written);
        Assert.Equal(0, written % 4);
        Assert.True(RtcpCompound.TryRead(buffer, out var read, out var error), error);
        Assert.Equal(3, read.Count);
        var sr = Assert.IsType<RtcpSenderReport>(read[0]);
        Assert.Equal(0x22222222u, sr.Ssrc);
        Assert.Equal(0xE0000000_80000000UL, sr.NtpTimestamp);
        Assert.Equal(50u, sr.PacketCount);
        Assert.Equal(block, Assert.Single(sr.Reports));
        var sdes = Assert.IsType<RtcpSourceDescription>(read[1]);
        Assert.Equal("cti-abc@host", sdes.Chunks[0].Items[0].Text);
        Assert.Equal("CTI", sdes.Chunks[0].Items[1].Text);
        var bye = Assert.IsType<RtcpBye>(read[2]);
        Assert.Equal(0x22222222u, Assert.Single(bye.Sources));
        Assert.Equal("hangup", bye.Reason);
    }

    [Fact]
    public void ReceiverReportWithoutBlocksIsEightBytes()
    {
        var buffer = new byte[8];

        var written = RtcpCompound.Write(buffer, [new RtcpReceiverReport { Ssrc = 5 }]);

        Assert.Equal(8, written);
        Assert.Equal(new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 5 }, buffer);
        Assert.True(RtcpCompound.TryRead(buffer, out var read, out _));
        Assert.Equal(5u, Assert.IsType<RtcpReceiverReport>(Assert.Single(read)).Ssrc);
    }

    [Fact]
    public void UnknownPacketTypesAreKeptRaw()
    {
        byte[] app = [0x80, 204, 0, 2, 0, 0, 0, 1, (byte)'t', (byte)'e', (byte)'s', (byte)'t'];
        var buffer = new byte[8 + app.Length];
        RtcpCompound.Write(buffer, [new RtcpReceiverReport { Ssrc = 1 }]);
        app.CopyTo(buffer, 8);

        Assert.True(RtcpCompound.TryRead(buffer, out var read, out _));

        var unknown = Assert.IsType<RtcpUnknownPacket>(read[1]);
        Assert.Equal(204, unknown.PacketType);
        Assert.Equal(app, unknown.Raw);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 201 })]
    [InlineData(new byte[] { 0x40, 201, 0, 1, 0, 0, 0, 5 })]
    [InlineData(new byte[] { 0x80, 201, 0, 5, 0, 0, 0, 5 })]
    [InlineData(new byte[] { 0x81, 201, 0, 1, 0, 0, 0, 5 })]
    [InlineData(new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 5, 0x80 })]
    [InlineData(new byte[] { 0xA0, 201, 0, 1, 0, 0, 0, 5, 0x80, 201, 0, 1, 0, 0, 0, 5 })]
    public void MalformedCompoundsAreRefused(byte[] data)
    {
        Assert.False(RtcpCompound.TryRead(data, out var packets, out var error));
        Assert.Null(packets);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void NtpTimeOfTheUnixEpochIsTheNtpEpochOffset()
    {
        var ntp = RtpSession.ToNtp(DateTimeOffset.UnixEpoch.AddSeconds(1.5));

        Assert.Equal(2_208_988_801UL, ntp >> 32);
        Assert.Equal(0x80000000UL, ntp & 0xFFFFFFFF);
    }
}
