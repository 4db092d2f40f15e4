using CtiConnector.Media.Codecs;

namespace CtiConnector.Media.Tests.Codecs;

public class AudioCodecInfoTests
{
    [Theory]
    [InlineData("PCMU", AudioCodec.Pcmu)]
    [InlineData("ulaw", AudioCodec.Pcmu)]
    [InlineData(" g711u ", AudioCodec.Pcmu)]
    [InlineData("PCMA", AudioCodec.Pcma)]
    [InlineData("alaw", AudioCodec.Pcma)]
    [InlineData("G711A", AudioCodec.Pcma)]
    public void ConfigurationNamesMapToCodecs(string text, AudioCodec expected)
    {
        Assert.True(AudioCodecInfo.TryParse(text, out var codec));
        Assert.Equal(expected, codec);
    }

    [Theory]
    [InlineData("opus")]
    [InlineData("")]
    [InlineData(null)]
    public void UnknownNamesAreRefused(string? text)
    {
        Assert.False(AudioCodecInfo.TryParse(text, out _));
    }

    [Fact]
    public void StaticFactsFollowRfc3551()
    {
        Assert.Equal(0, AudioCodec.Pcmu.StaticPayloadType());
        Assert.Equal(8, AudioCodec.Pcma.StaticPayloadType());
        Assert.Equal("PCMA", AudioCodec.Pcma.EncodingName());
        Assert.True(AudioCodecInfo.TryFromEncoding("pcmu", 8000, out var codec));
        Assert.Equal(AudioCodec.Pcmu, codec);
        Assert.False(AudioCodecInfo.TryFromEncoding("PCMU", 16000, out _));
    }
}
