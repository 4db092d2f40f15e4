using System.Text;

namespace CtiConnector.Contacts.Tests;

public class Windows1252Tests
{
    [Theory]
    [InlineData(0x41, 'A')]
    [InlineData(0x80, '€')]
    [InlineData(0x85, '…')]
    [InlineData(0x8C, 'Œ')]
    [InlineData(0x92, '’')]
    [InlineData(0x96, '–')]
    [InlineData(0x9C, 'œ')]
    [InlineData(0x9F, 'Ÿ')]
    [InlineData(0x81, '\u0081')]
    [InlineData(0xA0, '\u00A0')]
    [InlineData(0xC9, 'É')]
    [InlineData(0xE8, 'è')]
    [InlineData(0xE9, 'é')]
    [InlineData(0xFF, 'ÿ')]
    public void DecodesEachByteToItsCharacter(int value, char expected)
    {
        Assert.Equal(expected, Windows1252.ToChar((byte)value));
    }

    [Fact]
    public void EveryByteSurvivesADecodeEncodeRoundTrip()
    {
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        Assert.Equal(all, Windows1252.GetBytes(Windows1252.GetString(all)));
    }

    [Fact]
    public void CharactersOutsideTheCodePageBecomeQuestionMarks()
    {
        Assert.Equal("H?v"u8.ToArray(), Windows1252.GetBytes("H\u0100v"));
        Assert.False(Windows1252.TryGetByte('\u4E2D', out _));
    }

    [Fact]
    public void DecodesAFrenchName()
    {
        byte[] bytes = [0x48, 0x65, 0x72, 0x76, 0xE9, 0x20, 0x4C, 0x65, 0x66, 0xE8, 0x76, 0x72, 0x65];

        Assert.Equal("Hervé Lefèvre", Windows1252.GetString(bytes));
    }
}

public class TextDecoderTests
{
    [Fact]
    public void Utf8WithBomIsUtf8WithoutTheBom()
    {
        var text = TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Hervé")], out var encoding);

        Assert.Equal("Hervé", text);
        Assert.Equal("utf-8", encoding);
    }

    [Fact]
    public void ValidUtf8WithoutBomIsUtf8()
    {
        Assert.Equal("Zoë", TextDecoder.Decode(Encoding.UTF8.GetBytes("Zoë"), out var encoding));
        Assert.Equal("utf-8", encoding);
    }

    [Fact]
    public void Utf16InEitherByteOrderIsDetectedByItsBom()
    {
        Assert.Equal("Zoë", TextDecoder.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("Zoë")], out var little));
        Assert.Equal("Zoë", TextDecoder.Decode([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("Zoë")], out var big));
        Assert.Equal("utf-16", little);
        Assert.Equal("utf-16", big);
    }

    [Fact]
    public void InvalidUtf8IsReadAsWindows1252()
    {
        Assert.Equal("Lefèvre", TextDecoder.Decode(Windows1252.GetBytes("Lefèvre"), out var encoding));
        Assert.Equal("windows-1252", encoding);
    }
}
