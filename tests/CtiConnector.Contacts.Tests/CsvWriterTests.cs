using System.Text;

namespace CtiConnector.Contacts.Tests;

public class CsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("Dupont, Jean", "\"Dupont, Jean\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("+33 1 23 45 67 89", "+33 1 23 45 67 89")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    public void QuotesAndDefusesFieldsAsNeeded(string field, string expected)
    {
        var csv = new CsvWriter(TextWriter.Null);

        Assert.Equal(expected + "\r\n", csv.Format([field]));
    }

    [Fact]
    public void WritesHeaderAndRowsWithTheChosenSeparator()
    {
        var writer = new StringWriter();

        CsvWriter.Write(writer, ["Date", "Number"], [["2026-11-22", "01 23 45 67 89"], ["2026-11-23", null]], new CsvWriteOptions { Separator = ';', NewLine = "\n" });

        Assert.Equal("Date;Number\n2026-11-22;01 23 45 67 89\n2026-11-23;\n", writer.ToString());
    }

    [Fact]
    public async Task WritesRowsAsynchronously()
    {
        var writer = new StringWriter();

        await CsvWriter.WriteAsync(writer, ["a", "b"], Rows());

        Assert.Equal("a,b\r\n1,\"x,y\"\r\n", writer.ToString());

        static async IAsyncEnumerable<IReadOnlyList<string?>> Rows()
        {
            await Task.Yield();
            yield return ["1", "x,y"];
        }
    }

    [Fact]
    public void RefusesAQuoteAsSeparator()
    {
        Assert.Throws<ArgumentException>(() => new CsvWriter(TextWriter.Null, new CsvWriteOptions { Separator = '"' }));
    }

    [Fact]
    public void WhateverIsWrittenReadsBackUnchanged()
    {
        var random = new Random(4180);
        const string Alphabet = "ab ,;\t\"\r\néœ€'x";
        foreach (var separator in new[] { ',', ';', '\t' })
        {
            for (var i = 0; i < 500; i++)
            {
                var rows = Enumerable.Range(0, random.Next(1, 5))
                    .Select(_ => (IReadOnlyList<string?>)Enumerable.Range(0, 3)
                        .Select(_ => new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()))
                        .ToArray())
                    .ToList();
                var writer = new StringWriter();
                CsvWriter.Write(writer, ["h1", "h2", "h3"], rows, new CsvWriteOptions { Separator = separator, ProtectFormulas = false });

                var reader = new CsvRecordReader(writer.ToString(), separator);
                var fields = new List<string>();
                Assert.True(reader.TryRead(fields, out _, out _));
                foreach (var row in rows)
                {
                    Assert.True(reader.TryRead(fields, out _, out var error));
                    Assert.Null(error);
                    Assert.Equal(row, fields);
                }

                Assert.False(reader.TryRead(fields, out _, out _));
            }
        }
    }

    [Fact]
    public void ExportedContactsImportBackUnchanged()
    {
        ContactCard[] cards =
        [
            new()
            {
                ExternalId = "C-1", Name = "Hervé Lefèvre", Company = "Société \"Générale\", Paris", Email = "herve@example.fr",
                CrmUrl = "https://crm.example.com/c/1",
                Numbers = [new(ContactNumberType.Work, "01 23 45 67 89"), new(ContactNumberType.Work, "01 23 45 67 90"), new(ContactNumberType.Mobile, "06 12 34 56 78")],
            },
            new() { Name = "Standard", Numbers = [new(ContactNumberType.Fax, "+33 1 23 45 67 00"), new(ContactNumberType.Other, "204")] },
        ];
        var writer = new StringWriter();

        ContactCsvWriter.Write(writer, cards);
        var result = new ContactReader().Read(Encoding.UTF8.GetBytes(writer.ToString()));

        Assert.StartsWith("Id,Name,Company,Email,Url,Work Phone,Work Phone 2,Home Phone,Mobile Phone,Fax,Other Phone\r\n", writer.ToString(), StringComparison.Ordinal);
        Assert.Empty(result.Errors);
        Assert.Equal(cards, result.Cards);
    }
}
