namespace CtiConnector.Contacts.Tests;

internal static class Fixture
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static ContactImportResult Read(string name) => new ContactReader().Read(Bytes(name));

    public static ContactNumber Work(string raw) => new(ContactNumberType.Work, raw);

    public static ContactNumber Home(string raw) => new(ContactNumberType.Home, raw);

    public static ContactNumber Mobile(string raw) => new(ContactNumberType.Mobile, raw);

    public static ContactNumber Fax(string raw) => new(ContactNumberType.Fax, raw);

    public static ContactNumber Other(string raw) => new(ContactNumberType.Other, raw);
}
