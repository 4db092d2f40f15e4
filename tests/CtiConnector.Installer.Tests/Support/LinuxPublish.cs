namespace CtiConnector.Installer.Tests.Support;

/// <summary>
/// One self-contained linux-x64 publish of the agent (installer/linux/publish.sh), built once and shared
/// by every Linux installer test: publishing takes minutes, installing from it takes a second.
/// </summary>
public sealed class LinuxPublish : IDisposable
{
    private readonly string _root;

    public LinuxPublish()
    {
        _root = Directory.CreateTempSubdirectory("cti-installer-publish-").FullName;
        // A developer iterating on the scripts may point at a publish built earlier with publish.sh (not a CTI_ name:
        // the agents these tests start read every CTI_ variable as a setting).
        var prebuilt = System.Environment.GetEnvironmentVariable("CTITEST_LINUX_PUBLISH");
        if (!string.IsNullOrEmpty(prebuilt))
        {
            Folder = prebuilt;
            return;
        }
        Folder = Path.Combine(_root, "publish");
        var result = Shell.Run(
            Path.Combine(Shell.RepositoryRoot, "installer", "linux", "publish.sh"),
            [Folder, "linux-x64"],
            new Dictionary<string, string?> { ["CTI_BUILD_DIR"] = Path.Combine(_root, "build") },
            TimeSpan.FromMinutes(12));
        if (result.ExitCode != 0)
            throw new InvalidOperationException("publish.sh linux-x64 failed:\n" + result.Output);
    }

    /// <summary>The publish folder (holds the <c>cti</c> executable and <c>plugins/</c>).</summary>
    public string Folder { get; }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
