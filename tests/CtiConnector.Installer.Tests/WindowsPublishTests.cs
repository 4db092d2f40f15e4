using CtiConnector.Installer.Tests.Support;

namespace CtiConnector.Installer.Tests;

/// <summary>
/// The Windows package is built on Linux: one self-contained win-x64 publish proves it (the install
/// scripts themselves are batch files that cannot run here; their contents are checked instead).
/// </summary>
public sealed class WindowsPublishTests
{
    [Fact]
    public void The_agent_publishes_self_contained_for_win_x64_with_its_plugins()
    {
        var root = Directory.CreateTempSubdirectory("cti-installer-win-").FullName;
        try
        {
            var folder = Path.Combine(root, "publish");
            var result = Shell.Run(
                Path.Combine(Shell.RepositoryRoot, "installer", "linux", "publish.sh"),
                [folder, "win-x64"],
                new Dictionary<string, string?> { ["CTI_BUILD_DIR"] = Path.Combine(root, "build") },
                TimeSpan.FromMinutes(12));

            Assert.True(result.ExitCode == 0, "publish.sh win-x64 failed:\n" + result.Output);
            var exe = File.ReadAllBytes(Path.Combine(folder, "cti.exe"));
            Assert.Equal("MZ", System.Text.Encoding.ASCII.GetString(exe, 0, 2));
            Assert.True(File.Exists(Path.Combine(folder, "coreclr.dll")), "the runtime is in the folder (self-contained)");
            Assert.True(File.Exists(Path.Combine(folder, "plugins", "Webhook", "plugin.json")), "the shipped plugins are beside the agent");
            var settings = RuntimeSettings.Read(folder);
            Assert.Equal("false", settings.GetValueOrDefault("System.GC.Server"));
            Assert.Equal("false", settings.GetValueOrDefault("System.GC.Concurrent"));
            Assert.Equal("false", settings.GetValueOrDefault("System.Runtime.TieredCompilation"));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("tel")]
    [InlineData("sip")]
    [InlineData("sips")]
    [InlineData("callto")]
    public void The_windows_scripts_register_and_remove_each_uri_scheme(string scheme)
    {
        var dir = Path.Combine(Shell.RepositoryRoot, "installer", "windows");
        var install = File.ReadAllText(Path.Combine(dir, "install.cmd"));
        var uninstall = File.ReadAllText(Path.Combine(dir, "uninstall.cmd"));

        Assert.Contains(scheme, SchemeList(install));
        Assert.Contains(scheme, SchemeList(uninstall));
    }

    private static string[] SchemeList(string script)
    {
        var line = script.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("set \"SCHEMES=", StringComparison.OrdinalIgnoreCase));
        return line["set \"SCHEMES=".Length..].TrimEnd('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
