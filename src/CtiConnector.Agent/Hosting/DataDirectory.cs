namespace CtiConnector.Agent.Hosting;

/// <summary>Where the agent keeps its database, token, logs and <c>agent.json</c>.</summary>
public static class DataDirectory
{
    public const string FolderName = "cti-connector";

    /// <summary>
    /// The per-user default: <c>$XDG_DATA_HOME/cti-connector</c> (or <c>~/.local/share/cti-connector</c>) on Linux,
    /// <c>%APPDATA%\cti-connector</c> on Windows, the ApplicationData folder elsewhere.
    /// </summary>
    public static string Default()
    {
        if (OperatingSystem.IsLinux())
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, FolderName);
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), FolderName);
    }

    /// <summary>
    /// The data directory for this run: <c>--data-dir</c>, else <c>--DataDir=</c> on the command line, else
    /// <c>CTI_DataDir</c>, else <see cref="Default"/>.
    /// </summary>
    public static string Resolve(string? option, IReadOnlyList<string> configurationArgs)
    {
        ArgumentNullException.ThrowIfNull(configurationArgs);
        var chosen = option;
        if (string.IsNullOrWhiteSpace(chosen))
        {
            foreach (var arg in configurationArgs)
            {
                if (arg.StartsWith("--DataDir=", StringComparison.OrdinalIgnoreCase))
                {
                    chosen = arg["--DataDir=".Length..];
                }
            }
        }

        if (string.IsNullOrWhiteSpace(chosen))
        {
            chosen = Environment.GetEnvironmentVariable("CTI_DataDir");
        }

        return Path.GetFullPath(string.IsNullOrWhiteSpace(chosen) ? Default() : chosen);
    }

    /// <summary>Creates the directory readable by the user alone (mode 700 on Unix).</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
