namespace CtiConnector.Contacts.Tests;

public class CsvRecordReaderTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3", ',')]
    [InlineData("a;b;c\n1,5;2;3", ';')]
    [InlineData("a\tb\tc", '\t')]
    [InlineData("\"x;y\",b,c", ',')]
    [InlineData("Name", ',')]
    [InlineData("Nom;Prénom, dit;Tel", ';')]
    public void DetectsTheSeparatorOfTheHeaderRow(string text, char expected)
    {
        Assert.Equal(expected, CsvRecordReader.DetectSeparator(text));
    }

    [Fact]
    public void ReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks()
    {
        var records = ReadAll("name,notes\r\n\"Dupont, Jean\",\"He said \"\"hi\"\"\r\nthen left\"\r\nnext,\r\n", ',');

        Assert.Equal(
            [
                (1, new[] { "name", "notes" }),
                (2, new[] { "Dupont, Jean", "He said \"hi\"\r\nthen left" }),
                (4, new[] { "next", "" }),
            ],
            records.Select(r => (r.Line, r.Fields)));
    }

    [Theory]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc\r\n")]
    [InlineData("a\rb\rc")]
    public void CountsLinesWhateverTheLineEnding(string text)
    {
        Assert.Equal([1, 2, 3], ReadAll(text, ',').Select(r => r.Line));
    }

    [Fact]
    public void KeepsAQuoteInsideAnUnquotedField()
    {
        Assert.Equal(["5\" floppy", "x"], ReadAll("5\" floppy;x", ';').Single().Fields);
    }

    [Fact]
    public void ReportsAnUnclosedQuoteAtTheLineItOpened()
    {
        var reader = new CsvRecordReader("ok\n\"never\nclosed", ',');
        var fields = new List<string>();

        Assert.True(reader.TryRead(fields, out _, out var first));
        Assert.Null(first);
        Assert.True(reader.TryRead(fields, out var line, out var error));
        Assert.Equal(2, line);
        Assert.Equal("the quoted field opened on line 2 is never closed", error);
        Assert.False(reader.TryRead(fields, out _, out _));
    }

    [Fact]
    public void ResumesOnTheNextLineAfterJunkBehindAClosingQuote()
    {
        var reader = new CsvRecordReader("\"a\"b,c\nd,e", ',');
        var fields = new List<string>();

        Assert.True(reader.TryRead(fields, out _, out var error));
        Assert.Equal("unexpected 'b' after a closing quote", error);
        Assert.True(reader.TryRead(fields, out var line, out var next));
        Assert.Null(next);
        Assert.Equal(2, line);
        Assert.Equal(["d", "e"], fields);
    }

    private static List<(int Line, string[] Fields)> ReadAll(string text, char separator)
    {
        var reader = new CsvRecordReader(text, separator);
        var fields = new List<string>();
        var records = new List<(int, string[])>();
        while (reader.TryRead(fields, out var line, out var error))
        {
            Assert.Null(error);
            records.Add((line, fields.ToArray()));
        }

        return records;
    }
}
