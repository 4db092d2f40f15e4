namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// The raw wire messages under <c>Fixtures/Wire</c>, copied byte for byte to the output folder
/// (CRLF kept: the folder is <c>-text</c> in .gitattributes).
/// </summary>
internal static class WireFixture
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Wire");

    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(Folder, "*.sip").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
