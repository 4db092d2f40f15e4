using CtiConnector.Desktop.Handlers;

namespace CtiConnector.Desktop.Tests.Handlers;

public sealed class UriHandlerFileTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cti-home-").FullName;

    [Fact]
    public void TheDesktopEntryQuotesPathsWithSpacesAndNamesEverySchemeType()
    {
        var entry = LinuxUriHandlers.DesktopEntry(new UriHandlerRegistration("/home/ana/My Apps/cti", "/home/ana/CTI $data"));

        Assert.Contains("Exec=\"/home/ana/My Apps/cti\" --data-dir \"/home/ana/CTI \\$data\" dial --start %u\n", entry, StringComparison.Ordinal);
        Assert.Contains("MimeType=x-scheme-handler/tel;x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/callto;\n", entry, StringComparison.Ordinal);
        Assert.Contains("NoDisplay=true\n", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void APercentSignInAPathIsDoubledSoItIsNotAFieldCode()
    {
        var entry = LinuxUriHandlers.DesktopEntry(new UriHandlerRegistration("/opt/cti%u/cti", null));

        Assert.Contains("Exec=\"/opt/cti%%u/cti\" dial --start %u\n", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutXdgMimeTheDefaultsAreWrittenBesideTheUsersOtherChoicesAndRemovedAlone()
    {
        var config = Path.Combine(_home, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "mimeapps.list"),
            "[Added Associations]\ntext/plain=gedit.desktop;\n[Default Applications]\nx-scheme-handler/mailto=thunderbird.desktop\nx-scheme-handler/tel=other-phone.desktop\n");
        var handlers = new LinuxUriHandlers(Path.Combine(_home, "data"), config);
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", "/nonexistent");
        try
        {
            var report = handlers.Register(new UriHandlerRegistration("/usr/bin/cti", null));

            Assert.All(report, line => Assert.Contains("mimeapps.list", line, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        var lines = File.ReadAllLines(Path.Combine(config, "mimeapps.list"));
        Assert.Contains("x-scheme-handler/tel=cti-connector.desktop", lines);
        Assert.Contains("x-scheme-handler/callto=cti-connector.desktop", lines);
        Assert.DoesNotContain("x-scheme-handler/tel=other-phone.desktop", lines);
        Assert.Contains("x-scheme-handler/mailto=thunderbird.desktop", lines);
        Assert.True(Array.IndexOf(lines, "x-scheme-handler/sip=cti-connector.desktop") > Array.IndexOf(lines, "[Default Applications]"));
        Assert.True(File.Exists(handlers.DesktopFile));

        Assert.True(handlers.Unregister());

        var after = File.ReadAllLines(Path.Combine(config, "mimeapps.list"));
        Assert.DoesNotContain(after, l => l.Contains("cti-connector", StringComparison.Ordinal));
        Assert.Contains("x-scheme-handler/mailto=thunderbird.desktop", after);
        Assert.Contains("text/plain=gedit.desktop;", after);
        Assert.False(File.Exists(handlers.DesktopFile));
        Assert.False(handlers.Unregister());
    }

    [Fact]
    public void TheWindowsCommandLineQuotesEveryArgumentAsCommandLineToArgvReadsIt()
    {
        var line = WindowsUriHandlers.CommandLine(new UriHandlerRegistration(@"C:\Users\Ana\AppData\Local\CTI Connector\cti.exe", @"D:\data dir\"));

        Assert.Equal(@"""C:\Users\Ana\AppData\Local\CTI Connector\cti.exe"" ""--data-dir"" ""D:\data dir\\"" ""dial"" ""--start"" ""%1""", line);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
