using System.Diagnostics;
using System.Text;

namespace CtiConnector.Testing.Agent;

/// <summary>Runs the built <c>cti</c> executable as a separate process, capturing its output.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private AgentProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static AgentProcess Start(params string[] args) => StartWith(null, args);

    /// <summary>Starts <c>cti</c> with extra environment variables (e.g. a private <c>HOME</c>).</summary>
    public static AgentProcess StartWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var directory = AppContext.BaseDirectory;
        var apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "cti.exe" : "cti");
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(directory, "cti.dll") } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment.Remove("CTI_DataDir");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new AgentProcess(Process.Start(start) ?? throw new InvalidOperationException("cti did not start"));
    }

    /// <summary>Runs <c>cti</c> to completion and returns its exit code.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunWithAsync(null, args);

    /// <summary>Runs <c>cti</c> to completion with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = StartWith(environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.Process.WaitForExitAsync(timeout.Token);
        process.Process.WaitForExit();
        return (process.Process.ExitCode, process.Output, process.Error);
    }

    /// <summary>Sends SIGTERM (Unix), as a service manager or <c>kill</c> would.</summary>
    public void Terminate()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
