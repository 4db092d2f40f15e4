using CtiConnector.Storage.Relational;

namespace CtiConnector.Storage.Tests;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Hélène LEFÈVRE", "helene lefevre")]
    [InlineData("Œuvre Straße", "oeuvre strasse")]
    [InlineData("Łódź  Žižkov", "lodz zizkov")]
    [InlineData("  Ça   va ", "ca va")]
    [InlineData("Ÿvon Ñandú", "yvon nandu")]
    public void FoldLowersCaseAndRemovesAccentsAndExtraSpaces(string text, string expected)
    {
        Assert.Equal(expected, TextFolding.Fold(text));
    }

    [Fact]
    public void NumberKeysReverseOnlyTheDigits()
    {
        Assert.Equal("98765432133", NumberKeys.ReversedDigits("+33 1 23 45 67 89"));
        Assert.Equal(string.Empty, NumberKeys.ReversedDigits(null));
    }
}
