using static CtiConnector.Contacts.Tests.Fixture;

namespace CtiConnector.Contacts.Tests;

public class VCardImportFixtureTests
{
    [Fact]
    public void ReadsVCard3WithTypesFoldedLinesAndEscapes()
    {
        var result = Read("contacts-v3.vcf");

        Assert.Equal(ContactFormat.VCard, result.Format);
        Assert.Empty(result.Errors);
        Assert.Equal(["Hervé Lefèvre", "Claire Martin", "Long, Folded Name"], result.Cards.Select(c => c.Name));

        var herve = result.Cards[0];
        Assert.Equal("Société Générale d'Équipement", herve.Company);
        Assert.Equal("herve.lefevre@example.fr", herve.Email);
        Assert.Equal("https://crm.example.com/contacts/herve-lefevre", herve.CrmUrl);
        Assert.Equal("crm-7781", herve.ExternalId);
        Assert.Equal([Work("01 23 45 67 89"), Mobile("06 98 76 54 32"), Fax("01 23 45 67 88")], herve.Numbers);

        Assert.Equal([Home("+33 9 72 10 12 34"), Mobile("+33 6 12 34 56 78")], result.Cards[1].Numbers);
        Assert.Equal("Very Long Organisation Name That Needs To Be Folded Because It Goes On And On", result.Cards[2].Company);
        Assert.Equal([Other("+44 20 7946 0958")], result.Cards[2].Numbers);
        Assert.Equal([new ContactImportIssue(24, "'Sans Téléphone' has no phone number")], result.Skipped);
    }

    [Fact]
    public void ReadsVCard4WithTelUrisAndQuotedTypes()
    {
        var result = Read("contacts-v4.vcf");

        Assert.Empty(result.Errors);
        var jean = result.Cards[0];
        Assert.Equal("Jean Dupont", jean.Name);
        Assert.Equal("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1", jean.ExternalId);
        Assert.Equal("Dupont & Fils", jean.Company);
        Assert.Equal("https://crm.example.com/contacts/4fbe8971", jean.CrmUrl);
        Assert.Equal([Work("+33-1-23-45-67-89"), Mobile("+33-6-12-34-56-78"), Fax("+33-1-98-76-54-32")], jean.Numbers);
        Assert.Equal([Other("0478000000"), Other("04 78 00 00 01")], result.Cards[1].Numbers);
    }

    [Fact]
    public void ReadsVCard21QuotedPrintableInUtf8AndLatin1()
    {
        var result = Read("contacts-v21-qp.vcf");

        Assert.Empty(result.Errors);
        var amelie = Assert.Single(result.Cards);
        Assert.Equal("Amélie Lévy", amelie.Name);
        Assert.Equal("Café de la Gare, très bonne adresse, ouvert le dimanche", amelie.Company);
        Assert.Equal("amelie@example.fr", amelie.Email);
        Assert.Equal([Mobile("06 55 44 33 22"), Work("+33 5 56 00 11 22"), Fax("05 56 00 11 23")], amelie.Numbers);
    }

    [Fact]
    public void ReportsEveryBadLineOfAVCardFile()
    {
        var result = Read("bad.vcf");

        Assert.Equal("Good Card", Assert.Single(result.Cards).Name);
        Assert.Equal(
            [
                new ContactImportIssue(9, "TEL 'call me maybe' is not a phone number (unexpected character)"),
                new ContactImportIssue(14, "not a vCard property (no 'NAME:value')"),
                new ContactImportIssue(17, "END:VCARD without BEGIN:VCARD"),
                new ContactImportIssue(18, "the card has no FN, N or ORG"),
                new ContactImportIssue(22, "BEGIN:VCARD without END:VCARD"),
            ],
            result.Errors);
    }
}
