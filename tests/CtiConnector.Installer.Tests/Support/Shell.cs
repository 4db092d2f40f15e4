using System.Diagnostics;
using System.Text;

namespace CtiConnector.Installer.Tests.Support;

/// <summary>Result of a finished command: its exit code and its output (stdout and stderr merged).</summary>
public sealed record CommandResult(int ExitCode, string Output);

/// <summary>Runs commands with a chosen environment and finds the repository.</summary>
public static class Shell
{
    /// <summary>The repository root (the folder holding CtiConnector.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CtiConnector.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("CtiConnector.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Runs <paramref name="file"/> and waits for it. Output goes through a log file, not a pipe, so a
    /// helper process left behind (a build server) cannot keep the call waiting.
    /// </summary>
    public static CommandResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env, TimeSpan timeout)
    {
        var log = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec \"$@\" >\"$CTI_TEST_LOG\" 2>&1 </dev/null");
            psi.ArgumentList.Add("run");
            psi.ArgumentList.Add(file);
            foreach (var a in args) psi.ArgumentList.Add(a);
            // A nested build must not inherit the test run's MSBuild settings nor leave servers behind.
            foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
                psi.Environment.Remove(key);
            psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            psi.Environment["UseSharedCompilation"] = "false";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            if (env is not null)
            {
                foreach (var (k, v) in env)
                {
                    if (v is null) psi.Environment.Remove(k);
                    else psi.Environment[k] = v;
                }
            }
            psi.Environment["CTI_TEST_LOG"] = log;

            using var p = Process.Start(psi)!;
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                throw new TimeoutException($"{file} did not finish within {timeout}:\n{File.ReadAllText(log, Encoding.UTF8)}");
            }
            return new CommandResult(p.ExitCode, File.ReadAllText(log, Encoding.UTF8));
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Sends SIGTERM to a process by its id.</summary>
    public static void Terminate(int pid)
    {
        var result = Run("/bin/kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"kill -TERM {pid} failed: {result.Output}");
    }
}
