using System.Diagnostics;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// A peer process started by a test: its output lines are kept (and can be waited for), and it is stopped by its
/// own PID (SIGTERM, then a kill of its process tree), never by name.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _newLine = new(0);
    private bool _stopped;

    private PeerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Every line written to stdout and stderr so far, in arrival order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public static PeerProcess Start(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Add(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until a line matching <paramref name="match"/> has been seen; false when the wait ran out or the process ended.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> match, TimeSpan patience)
    {
        using var cts = new CancellationTokenSource(patience);
        var checkedLines = 0;
        while (true)
        {
            var lines = Lines;
            for (; checkedLines < lines.Count; checkedLines++)
            {
                if (match(lines[checkedLines]))
                {
                    return true;
                }
            }

            if (_process.HasExited && checkedLines == Lines.Count)
            {
                return false;
            }

            try
            {
                await _newLine.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Waits for the process to end by itself; returns its exit code, or null when it did not end in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan patience)
    {
        using var cts = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGTERM to our PID, then, if it is still there after <paramref name="grace"/>, a kill of its process tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                if (kill is not null)
                {
                    await kill.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            if (await WaitForExitAsync(grace).ConfigureAwait(false) is null)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
        _newLine.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        _newLine.Release();
    }
}
