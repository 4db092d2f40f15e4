namespace CtiConnector.Testing.Peers;

/// <summary>
/// Finds the executables of real peers. A missing peer is a test failure with instructions, never a skip: on CI
/// (<c>CI=true</c>) and on a workstation alike, run <c>scripts/install-test-peers.sh</c> first.
/// </summary>
public static class PeerBinary
{
    private static readonly string[] s_searchPath = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"];

    /// <summary>True on CI, where the message says so explicitly.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="name"/>, or an exception naming the Debian package to install.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var where = OnCi ? "CI (CI=true) requires every peer" : "these interop tests are not skipped";
        throw new InvalidOperationException(
            $"'{name}' was not found: {where}. Install it with scripts/install-test-peers.sh (apt-get install {debianPackage}).");
    }

    public static string? Find(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(s_searchPath);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
