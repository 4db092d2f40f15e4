using System.Diagnostics;
using System.Text;

using CtiConnector.Testing.Peers;

namespace CtiConnector.Testing.Sipp;

/// <summary>
/// Runs sipp (Debian <c>sip-tester</c>) on 127.0.0.1 for one test: a built-in or custom scenario, its own
/// free port, its message trace kept for failure messages, killed by PID when disposed.
/// When <c>CI=true</c> a missing sipp fails the test instead of skipping it.
/// </summary>
public sealed class SippRunner : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private SippRunner(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>sipp's SIP port on 127.0.0.1.</summary>
    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>Where sipp writes its trace files.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Starts sipp. <paramref name="scenario"/> is a built-in name (<c>uas</c>, <c>uac</c>) or the XML of a custom scenario.
    /// <paramref name="arguments"/> come after the standard ones (e.g. the remote host for a UAC).
    /// </summary>
    public static SippRunner Start(string scenario, params string[] arguments)
    {
        var executable = PeerBinary.Require("sipp", "sip-tester");
        var directory = Path.Combine(Path.GetTempPath(), "cti-sipp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort.Udp();
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        if (scenario.TrimStart().StartsWith('<'))
        {
            var file = Path.Combine(directory, "scenario.xml");
            File.WriteAllText(file, scenario);
            info.ArgumentList.Add("-sf");
            info.ArgumentList.Add(file);
        }
        else
        {
            info.ArgumentList.Add("-sn");
            info.ArgumentList.Add(scenario);
        }

        foreach (var argument in (string[])["-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-nostdin", "-trace_msg", "-message_file", Path.Combine(directory, "messages.log"), "-timeout", "60s", "-timeout_error"])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("sipp did not start.");
        return new SippRunner(process, directory, port);
    }

    /// <summary>The SIP URI of a user at this sipp.</summary>
    public string Uri(string user = "service") => $"sip:{user}@127.0.0.1:{Port}";

    /// <summary>Waits for sipp to exit and returns its exit code (0 = every call succeeded).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"sipp did not finish within {timeout}.\n{Describe()}");
        }
    }

    /// <summary>The messages sipp sent and received, for assertion messages.</summary>
    public string Messages
    {
        get
        {
            var file = Path.Combine(_directory, "messages.log");
            try
            {
                return File.Exists(file) ? File.ReadAllText(file) : string.Empty;
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }
    }

    public string Describe()
    {
        lock (_output)
        {
            return "sipp output:\n" + _output + "\nmessages:\n" + Messages;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
