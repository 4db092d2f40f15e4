using static CtiConnector.Contacts.Tests.Fixture;

namespace CtiConnector.Contacts.Tests;

public class CsvImportFixtureTests
{
    [Fact]
    public void ReadsAnOutlookExport()
    {
        var result = Read("outlook-export.csv");

        Assert.Equal(ContactFormat.Csv, result.Format);
        Assert.Equal("utf-8", result.Encoding);
        Assert.Empty(result.Errors);
        Assert.Equal(["Jean Dupont", "Sarah J. Connor", "Boulangerie Martin", "Émilie Rousseau"], result.Cards.Select(c => c.Name));

        var dupont = result.Cards[0];
        Assert.Equal("Dupont & Fils", dupont.Company);
        Assert.Equal("jean.dupont@example.fr", dupont.Email);
        Assert.Null(dupont.ExternalId);
        Assert.Equal([Fax("01 23 45 67 80"), Work("01 23 45 67 89"), Mobile("06 12 34 56 78")], dupont.Numbers);

        var connor = result.Cards[1];
        Assert.Equal([Work("+1 (212) 555-0123"), Work("+1 212 555 0100")], connor.Numbers);
        Assert.Equal("https://crm.example.com/contacts/42", connor.CrmUrl);

        Assert.Equal("Boulangerie Martin", result.Cards[2].Company);
        Assert.Equal([Work("04 72 00 00 00")], result.Cards[2].Numbers);
        Assert.Equal([Home("+33 (0)9 72 10 12 34"), Mobile("07 89 01 23 45"), Other("+44 20 7946 0958")], result.Cards[3].Numbers);

        // The notes of the first contact hold a line break, so Paul's row starts on line 6.
        Assert.Equal([new ContactImportIssue(6, "'Paul Sansnumero' has no phone number")], result.Skipped);
    }

    [Fact]
    public void ReadsAFrenchExcelExportInWindows1252WithSemicolons()
    {
        var result = Read("outlook-fr-1252.csv");

        Assert.Equal("windows-1252", result.Encoding);
        Assert.Empty(result.Errors);
        Assert.Equal(["Hervé Lefèvre", "Françoise Dubœuf", "Jérôme Müller"], result.Cards.Select(c => c.Name));

        var herve = result.Cards[0];
        Assert.Equal("Société Générale d'Équipement", herve.Company);
        Assert.Equal("herve.lefevre@example.fr", herve.Email);
        Assert.Equal([Work("01 23 45 67 89"), Fax("01 23 45 67 88"), Mobile("06 98 76 54 32")], herve.Numbers);
        Assert.Equal("Crêperie Ker Ys", result.Cards[1].Company);
        Assert.Equal([Home("03 88 12 34 56"), Mobile("06 11 22 33 44")], result.Cards[2].Numbers);
    }

    [Fact]
    public void ReadsAGoogleContactsExportWithLabelsAndMultipleValues()
    {
        var result = Read("google-contacts.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(["Claire Martin", "Ahmed Benali", "Lucia Rossi"], result.Cards.Select(c => c.Name));

        var claire = result.Cards[0];
        Assert.Equal("Martin Conseil", claire.Company);
        Assert.Equal("claire@martin-conseil.fr", claire.Email);
        Assert.Equal([Mobile("+33 6 12 34 56 78"), Work("+33 1 40 20 30 40"), Fax("+33 1 40 20 30 41")], claire.Numbers);

        var ahmed = result.Cards[1];
        Assert.Equal([Mobile("+212 6 61 23 45 67"), Mobile("+212 5 22 98 76 54"), Home("05 22 11 22 33")], ahmed.Numbers);
        Assert.Equal("https://crm.example.com/c/77", ahmed.CrmUrl);

        Assert.Equal([Work("+39 02 1234 5678")], result.Cards[2].Numbers);
        Assert.Equal([new ContactImportIssue(6, "'Nadia Haddad' has no phone number")], result.Skipped);
    }

    [Fact]
    public void ReadsALegacyGoogleExportInUtf16WithTabs()
    {
        var result = Read("google-legacy-utf16.csv");

        Assert.Equal("utf-16", result.Encoding);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Cards.Count);

        var soren = result.Cards[0];
        Assert.Equal("Søren Kierkegaard", soren.Name);
        Assert.Equal("Filosofi ApS", soren.Company);
        Assert.Equal("soren@example.dk", soren.Email);
        Assert.Equal([Mobile("+45 32 12 34 56"), Work("+45 33 12 34 56")], soren.Numbers);
        Assert.Equal("Zoë Ünal", result.Cards[1].Name);
        Assert.Equal([Home("+49 30 12345678")], result.Cards[1].Numbers);
    }

    [Fact]
    public void ReadsAHeaderlessPhonerLitePhonebook()
    {
        var result = Read("phonerlite-phonebook.csv");

        Assert.Empty(result.Errors);
        Assert.Equal(["Accueil Mairie", "Dr Morel", "Standard Siège", "Poste Compta"], result.Cards.Select(c => c.Name));
        Assert.Equal([Other("0145678901")], result.Cards[0].Numbers);
        Assert.Equal([Other("01 44 55 66 77"), Mobile("06 07 08 09 10")], result.Cards[1].Numbers);
        Assert.Equal("contact@siege.example.fr", result.Cards[2].Email);
        Assert.Equal([Other("2045")], result.Cards[3].Numbers);
    }

    [Fact]
    public void ReadsATabSeparatedPhonebookWithIdAndUrlColumns()
    {
        var result = Read("phonebook-tab.tsv");

        Assert.Empty(result.Errors);
        var isabelle = result.Cards[0];
        Assert.Equal("C-1001", isabelle.ExternalId);
        Assert.Equal("https://crm.example.com/contact/1001", isabelle.CrmUrl);
        Assert.Equal("Garnier SARL", isabelle.Company);
        Assert.Equal("isabelle@garnier.fr", isabelle.Email);
        Assert.Equal([Other("01 23 45 67 89"), Mobile("06 12 34 56 78"), Fax("01 23 45 67 00")], isabelle.Numbers);
        Assert.Equal(new ContactCard { Name = "Olivier Petit", ExternalId = "C-1002", Numbers = [Mobile("07 11 22 33 44")] }, result.Cards[1]);
    }

    [Fact]
    public void ReportsEveryBadLineOfACsvFileWithItsReason()
    {
        var result = Read("bad-lines.csv");

        Assert.False(result.IsClean);
        Assert.Equal(["Alice Bernard", "Fabien Gautier", "Gaëlle Hamon"], result.Cards.Select(c => c.Name));
        Assert.Equal("ACME\nHolding", result.Cards[2].Company);
        Assert.Equal(
            [
                new ContactImportIssue(3, "column 'Phone': 'hello' is not a phone number (unexpected character)"),
                new ContactImportIssue(4, "no name"),
                new ContactImportIssue(5, "unexpected ' ' after a closing quote"),
                new ContactImportIssue(6, "5 fields where the header has 4"),
                new ContactImportIssue(7, "column 'Phone': '+999 1234' is not a phone number (unknown country code)"),
                new ContactImportIssue(12, "the quoted field opened on line 12 is never closed"),
            ],
            result.Errors);
        Assert.Equal([new ContactImportIssue(11, "'Hugo Icard' has no phone number")], result.Skipped);
    }
}
