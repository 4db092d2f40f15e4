namespace CtiConnector.Installer.Tests.Support;

/// <summary>
/// One self-contained linux-x64 publish of the agent (installer/linux/publish.sh), built once and shared
/// by every Linux installer test: publishing takes minutes, installing from it takes a second.
/// </summary>
public class LinuxPublish : IDisposable
{
    private readonly string _root;

    public LinuxPublish()
        : this(aot: false)
    {
    }

    /// <param name="aot">The NativeAOT build (publish.sh with CTI_AOT=1) instead of the standard one.</param>
    protected LinuxPublish(bool aot)
    {
        _root = Directory.CreateTempSubdirectory(aot ? "cti-installer-publish-aot-" : "cti-installer-publish-").FullName;
        // A developer iterating on the scripts may point at a publish built earlier with publish.sh (not a CTI_ name:
        // the agents these tests start read every CTI_ variable as a setting).
        var prebuilt = System.Environment.GetEnvironmentVariable(aot ? "CTITEST_LINUX_AOT_PUBLISH" : "CTITEST_LINUX_PUBLISH");
        if (!string.IsNullOrEmpty(prebuilt))
        {
            Folder = prebuilt;
            return;
        }
        Folder = Path.Combine(_root, "publish");
        var environment = new Dictionary<string, string?> { ["CTI_BUILD_DIR"] = Path.Combine(_root, "build") };
        if (aot)
        {
            environment["CTI_AOT"] = "1";
        }

        var result = Shell.Run(
            Path.Combine(Shell.RepositoryRoot, "installer", "linux", "publish.sh"),
            [Folder, "linux-x64"],
            environment,
            TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"publish.sh linux-x64{(aot ? " (CTI_AOT=1)" : "")} failed:\n" + result.Output);
    }

    /// <summary>The publish folder (holds the <c>cti</c> executable and <c>plugins/</c>).</summary>
    public string Folder { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One NativeAOT linux-x64 publish (publish.sh with CTI_AOT=1), shared by the tests of that build.</summary>
public sealed class LinuxAotPublish : LinuxPublish
{
    public LinuxAotPublish()
        : base(aot: true)
    {
    }
}
