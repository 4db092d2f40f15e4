using System.Text;
using CtiConnector.PhoneNumbers;

namespace CtiConnector.Contacts.Tests;

public class ContactReaderTests
{
    [Theory]
    [InlineData("BEGIN:VCARD\r\nEND:VCARD", ContactFormat.VCard)]
    [InlineData("\r\n  begin:vcard\n", ContactFormat.VCard)]
    [InlineData("Name,Phone", ContactFormat.Csv)]
    [InlineData("", ContactFormat.Csv)]
    public void DetectsTheFormatFromTheContent(string text, ContactFormat expected)
    {
        Assert.Equal(expected, ContactReader.Detect(text));
    }

    [Fact]
    public void RefusesAFileLargerThanTheLimitAsAWhole()
    {
        var reader = new ContactReader(new ContactReaderOptions { MaxBytes = 10 });

        var result = reader.Read("Name,Phone\nA,0123456789\n"u8);

        Assert.Empty(result.Cards);
        Assert.Equal([new ContactImportIssue(1, "the file is larger than 10 bytes")], result.Errors);
    }

    [Fact]
    public async Task ReadsAStream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("Name;Mobile\nAlice;06 12 34 56 78\n"));

        var result = await new ContactReader().ReadAsync(stream);

        Assert.Equal([new ContactNumber(ContactNumberType.Mobile, "06 12 34 56 78")], Assert.Single(result.Cards).Numbers);
    }

    [Fact]
    public async Task RefusesAStreamLargerThanTheLimit()
    {
        using var stream = new MemoryStream(new byte[100]);

        var result = await new ContactReader(new ContactReaderOptions { MaxBytes = 50 }).ReadAsync(stream);

        Assert.False(result.IsClean);
    }

    [Fact]
    public void ReadsTextAndIgnoresALeadingBom()
    {
        var result = new ContactReader().ReadText("\uFEFFFull Name,Work Phone\r\nA B,0123456789\r\n");

        Assert.Equal("A B", Assert.Single(result.Cards).Name);
    }

    [Fact]
    public void HonoursAnExcelSeparatorLine()
    {
        var result = new ContactReader().ReadText("sep=|\r\nName|Phone\r\nA, B|0123456789\r\n|0612345678\r\n");

        Assert.Equal("A, B", Assert.Single(result.Cards).Name);
        Assert.Equal(4, Assert.Single(result.Errors).LineNumber);
    }

    [Fact]
    public void ComposesTheNameFromFirstMiddleAndLastNameColumns()
    {
        var result = new ContactReader().ReadText("Last Name,First Name,Middle Name,Phone\nCurie,Marie,Salomea,0123456789\n");

        Assert.Equal("Marie Salomea Curie", Assert.Single(result.Cards).Name);
    }

    [Fact]
    public void FrenchNomAloneIsTheWholeName()
    {
        var result = new ContactReader().ReadText("Nom;Téléphone\nMairie de Lyon;04 72 10 30 30\n");

        Assert.Equal("Mairie de Lyon", Assert.Single(result.Cards).Name);
    }

    [Theory]
    [InlineData("Phone,Email\n0123456789,a@b.c\n", "no name column in the header (expected Name, or First Name / Last Name)")]
    [InlineData("Name,Email\nAlice,a@b.c\n", "no phone column in the header (expected a header naming a phone, tel, mobile or fax number)")]
    [InlineData("", "the file is empty")]
    [InlineData("\n\n", "the file is empty")]
    public void SaysWhyAFileHasNoUsableHeader(string text, string reason)
    {
        var result = new ContactReader().ReadText(text);

        Assert.Equal(reason, Assert.Single(result.Errors).Reason);
    }

    [Fact]
    public void AnEmptyVCardFileIsAnError()
    {
        var result = new ContactReader().ReadText("\n", ContactFormat.VCard);

        Assert.Equal("no vCard in the file", Assert.Single(result.Errors).Reason);
    }

    [Fact]
    public void PhoneticAndLabelColumnsAreNotNumbers()
    {
        var result = new ContactReader().ReadText("Name,Phonetic Last Name,Phone 1 - Label,Phone 1 - Value,Telex\nA,Ay,Home,0123456789,xyz\n");

        Assert.Equal([new ContactNumber(ContactNumberType.Home, "0123456789")], Assert.Single(result.Cards).Numbers);
    }

    [Fact]
    public void WithoutANumberParserAnyValueIsAccepted()
    {
        var reader = new ContactReader(new ContactReaderOptions { NumberParser = null });

        var result = reader.ReadText("Name,Phone\nA,call me\n");

        Assert.Equal("call me", Assert.Single(Assert.Single(result.Cards).Numbers).Raw);
    }

    [Fact]
    public void NumbersAreCheckedWithTheConfiguredCountry()
    {
        var reader = new ContactReader(new ContactReaderOptions { NumberParser = new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = "US" }) });

        var result = reader.ReadText("Name,Phone\nA,+1 012 555 0123\nB,(212) 555-0123\n");

        Assert.Equal("B", Assert.Single(result.Cards).Name);
        Assert.Equal(2, Assert.Single(result.Errors).LineNumber);
    }

    [Fact]
    public void ArbitraryContentNeverThrowsAndEveryRejectedRecordHasALine()
    {
        var random = new Random(2426);
        var pieces = new[]
        {
            "BEGIN:VCARD\r\n", "END:VCARD\r\n", "FN:A\r\n", "TEL;TYPE=CELL:06 12 34 56 78\r\n", "TEL:=\r\n", " folded\r\n",
            "N;ENCODING=QUOTED-PRINTABLE:=C3=A9=\r\n", "Name,Phone\n", "Nom;Tél\n", "\"", ",", ";", "\t", "\n", "\r", "x", "0123456789", "é", "\u00ff",
        };
        var reader = new ContactReader();
        for (var i = 0; i < 3_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)]));
            var bytes = random.Next(4) == 0 ? Windows1252.GetBytes(text) : Encoding.UTF8.GetBytes(text);

            var result = reader.Read(bytes);

            Assert.All(result.Errors, e => Assert.InRange(e.LineNumber, 1, text.Length + 1));
            Assert.All(result.Cards, c => Assert.NotEmpty(c.Numbers));
            Assert.All(result.Cards, c => Assert.False(string.IsNullOrWhiteSpace(c.Name)));
        }
    }

    [Fact]
    public void ADuplicatedNumberIsKeptOnce()
    {
        var result = new ContactReader().ReadText("Name,Business Phone,Primary Phone\nA,0123456789,0123456789\n");

        Assert.Single(Assert.Single(result.Cards).Numbers);
    }
}
