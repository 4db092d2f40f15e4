using CtiConnector.Media.Codecs;

namespace CtiConnector.Media.Tests.Codecs;

public class G711Tests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x00, -32124)]
    [InlineData(0x80, 32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xEF, 132)]
    public void MuLawDecodesToTheG711ReferenceValues(byte code, short expected)
    {
        Assert.Equal(expected, G711.MuLawDecode(code));
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    [InlineData(0xD4, 24)]
    public void ALawDecodesToTheG711ReferenceValues(byte code, short expected)
    {
        Assert.Equal(expected, G711.ALawDecode(code));
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-32124, 0x00)]
    [InlineData(32124, 0x80)]
    [InlineData(short.MaxValue, 0x80)]
    [InlineData(short.MinValue, 0x00)]
    public void MuLawEncodesReferenceSamples(short sample, byte expected)
    {
        Assert.Equal(expected, G711.MuLawEncode(sample));
    }

    [Theory]
    [InlineData(8, 0xD5)]
    [InlineData(0, 0xD5)]
    [InlineData(-8, 0x55)]
    [InlineData(32256, 0xAA)]
    [InlineData(short.MaxValue, 0xAA)]
    [InlineData(short.MinValue, 0x2A)]
    public void ALawEncodesReferenceSamples(short sample, byte expected)
    {
        Assert.Equal(expected, G711.ALawEncode(sample));
    }

    [Fact]
    public void EveryMuLawCodeExceptNegativeZeroSurvivesDecodeThenEncode()
    {
        for (var code = 0; code < 256; code++)
        {
            var expected = code == 0x7F ? 0xFF : code;
            Assert.Equal(expected, G711.MuLawEncode(G711.MuLawDecode((byte)code)));
        }
    }

    [Fact]
    public void EveryALawCodeSurvivesDecodeThenEncode()
    {
        for (var code = 0; code < 256; code++)
        {
            Assert.Equal(code, G711.ALawEncode(G711.ALawDecode((byte)code)));
        }
    }

    [Theory]
    [InlineData(AudioCodec.Pcmu)]
    [InlineData(AudioCodec.Pcma)]
    public void EncodingIsMonotonicAndTheErrorStaysWithinHalfAStep(AudioCodec codec)
    {
        Span<short> one = stackalloc short[1];
        Span<byte> code = stackalloc byte[1];
        Span<short> back = stackalloc short[1];
        var previous = short.MinValue;
        for (int s = short.MinValue; s <= short.MaxValue; s += 7)
        {
            one[0] = (short)s;
            G711.Encode(codec, one, code);
            G711.Decode(codec, code, back);
            Assert.True(back[0] >= previous, $"decode(encode({s})) = {back[0]} went below {previous}");
            previous = back[0];

            // The quantisation step doubles per segment; the error is below 1/16 of the magnitude plus a floor.
            var error = Math.Abs(back[0] - s);
            Assert.True(error <= Math.Max(16, Math.Abs(s) / 16) + 256 * (Math.Abs(s) > 31000 ? 4 : 0), $"sample {s} decoded as {back[0]}");
        }
    }

    [Fact]
    public void SpanEncodeMatchesTheSingleSampleFunctions()
    {
        short[] samples = [0, 1, -1, 100, -100, 1000, -1000, 30000, -30000];
        var mu = new byte[samples.Length];
        var a = new byte[samples.Length];

        G711.Encode(AudioCodec.Pcmu, samples, mu);
        G711.Encode(AudioCodec.Pcma, samples, a);

        Assert.Equal(samples.Select(G711.MuLawEncode), mu);
        Assert.Equal(samples.Select(G711.ALawEncode), a);
    }

    [Fact]
    public void SilenceCodesDecodeToNearZero()
    {
        Assert.Equal(0, G711.MuLawDecode(G711.SilenceCode(AudioCodec.Pcmu)));
        Assert.Equal(8, G711.ALawDecode(G711.SilenceCode(AudioCodec.Pcma)));
    }
}
