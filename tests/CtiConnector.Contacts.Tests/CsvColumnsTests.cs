namespace CtiConnector.Contacts.Tests;

public class CsvColumnsTests
{
    [Theory]
    [InlineData("Name", "name")]
    [InlineData("Full Name", "name")]
    [InlineData("Nom complet", "name")]
    [InlineData("Display Name", "name")]
    [InlineData("First Name", "first")]
    [InlineData("Prénom", "first")]
    [InlineData("Given Name", "first")]
    [InlineData("Middle Name", "middle")]
    [InlineData("Additional Name", "middle")]
    [InlineData("Last Name", "last")]
    [InlineData("Family Name", "last")]
    [InlineData("Nom de famille", "last")]
    [InlineData("Company", "company")]
    [InlineData("Société", "company")]
    [InlineData("SOCIETE", "company")]
    [InlineData("Organisation", "company")]
    [InlineData("Organization Name", "company")]
    [InlineData("Organization 1 - Name", "company")]
    [InlineData("Raison sociale", "company")]
    [InlineData("Id", "id")]
    [InlineData("UID", "id")]
    [InlineData("Référence", "id")]
    [InlineData("URL", "url")]
    [InlineData("Lien", "url")]
    [InlineData("Web Page", "url")]
    [InlineData("Email", "email")]
    [InlineData("E-mail Address", "email")]
    [InlineData("E-mail 1 - Value", "email")]
    [InlineData("Courriel", "email")]
    [InlineData("Adresse de messagerie", "email")]
    [InlineData("Phone", "phone:Other")]
    [InlineData("Tel", "phone:Other")]
    [InlineData("Téléphone", "phone:Other")]
    [InlineData("Numéro", "phone:Other")]
    [InlineData("Business Phone", "phone:Work")]
    [InlineData("Téléphone (bureau)", "phone:Work")]
    [InlineData("Tél. professionnel", "phone:Work")]
    [InlineData("Company Main Phone", "phone:Work")]
    [InlineData("Home Phone 2", "phone:Home")]
    [InlineData("Téléphone (domicile)", "phone:Home")]
    [InlineData("Mobile Phone", "phone:Mobile")]
    [InlineData("Mobile", "phone:Mobile")]
    [InlineData("Portable", "phone:Mobile")]
    [InlineData("Tél. mobile", "phone:Mobile")]
    [InlineData("GSM", "phone:Mobile")]
    [InlineData("Cell", "phone:Mobile")]
    [InlineData("Business Fax", "phone:Fax")]
    [InlineData("Télécopie (bureau)", "phone:Fax")]
    [InlineData("Fax", "phone:Fax")]
    [InlineData("Pager", "phone:Other")]
    [InlineData("Phonetic First Name", "none")]
    [InlineData("Phone 1 - Label", "none")]
    [InlineData("E-mail Type", "none")]
    [InlineData("Telex", "none")]
    [InlineData("Business Street", "none")]
    [InlineData("Rue (bureau)", "none")]
    [InlineData("Notes", "none")]
    [InlineData("", "none")]
    public void RecognisesWhatAHeaderHolds(string header, string expected)
    {
        var columns = CsvColumns.Detect([header]);

        Assert.Equal(expected, RoleOf(columns));
    }

    [Fact]
    public void BareNomIsTheFamilyNameBesidePrenom()
    {
        var columns = CsvColumns.Detect(["Prénom", "Nom", "Tel"]);

        Assert.Equal(0, columns.First);
        Assert.Equal(1, columns.Last);
        Assert.Equal(-1, columns.Name);
    }

    [Fact]
    public void PairsGoogleValueColumnsWithTheirLabelColumns()
    {
        var columns = CsvColumns.Detect(["Name", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value"]);

        Assert.Equal([(2, 1), (4, 3)], columns.Phones.Select(p => (p.Index, p.LabelIndex)));
    }

    [Fact]
    public void AnExplicitUrlColumnWinsOverAWebsite()
    {
        var columns = CsvColumns.Detect(["Name", "Website", "CRM URL", "Phone"]);

        Assert.Equal(2, columns.Url);
    }

    private static string RoleOf(CsvColumns columns) =>
        columns.Phones.Count > 0 ? $"phone:{columns.Phones[0].Type}"
        : columns.Name >= 0 ? "name"
        : columns.First >= 0 ? "first"
        : columns.Middle >= 0 ? "middle"
        : columns.Last >= 0 ? "last"
        : columns.Company >= 0 ? "company"
        : columns.Id >= 0 ? "id"
        : columns.Url >= 0 ? "url"
        : columns.Email >= 0 ? "email"
        : "none";
}
