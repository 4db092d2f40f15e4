using System.Diagnostics;

namespace CtiConnector.Media.Tests.Support;

/// <summary>
/// A private PulseAudio server for one test (recipe in /work/shared/PEERS.md): a null sink named
/// <c>cti</c>, an anonymous unix socket in a temporary folder. Stopped by PID on dispose.
/// </summary>
internal sealed class PulseAudioServer : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Process _process;

    public PulseAudioServer()
    {
        var socket = _dir.File("native");
        var start = new ProcessStartInfo(Peers.Require("pulseaudio"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
            "-L", $"module-native-protocol-unix auth-anonymous=1 socket={socket}",
            "-L", "module-null-sink sink_name=cti",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_RUNTIME_DIR"] = _dir.Path;
        start.Environment["HOME"] = _dir.Path;
        start.Environment.Remove("PULSE_SERVER");
        _process = Process.Start(start) ?? throw new InvalidOperationException("pulseaudio did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Server = "unix:" + socket;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(socket) || !Answers())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"pulseaudio exited with code {_process.ExitCode}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Dispose();
                throw new TimeoutException("pulseaudio did not open its socket within 15 s");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>The value for PULSE_SERVER.</summary>
    public string Server { get; }

    /// <summary>Starts <c>parec</c> on <c>cti.monitor</c> (8 kHz mono s16le) and returns a recorder.</summary>
    public Recorder Record(string device = "cti.monitor") => new(Server, device);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private bool Answers()
    {
        var info = new ProcessStartInfo(Peers.Require("pactl")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("list");
        info.ArgumentList.Add("short");
        info.ArgumentList.Add("sinks");
        info.Environment["PULSE_SERVER"] = Server;
        using var pactl = Process.Start(info)!;
        var output = pactl.StandardOutput.ReadToEnd();
        pactl.WaitForExit(5000);
        return pactl.ExitCode == 0 && output.Contains("cti", StringComparison.Ordinal);
    }

    /// <summary>A running <c>parec</c>; <see cref="Stop"/> kills it by PID and returns the samples.</summary>
    internal sealed class Recorder : IDisposable
    {
        private readonly Process _process;
        private readonly MemoryStream _data = new();
        private readonly Task _copy;

        public Recorder(string server, string device)
        {
            var info = new ProcessStartInfo(Peers.Require("parec")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-d", device, "--rate=8000", "--channels=1", "--format=s16le", "--latency-msec=20" })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["PULSE_SERVER"] = server;
            _process = Process.Start(info)!;
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
            _copy = CopyAsync(_process.StandardOutput.BaseStream);
        }

        /// <summary>What has been recorded so far (the recording goes on).</summary>
        public short[] Samples()
        {
            byte[] bytes;
            lock (_data)
            {
                bytes = _data.ToArray();
            }

            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return samples;
        }

        public short[] Stop()
        {
            if (!_process.HasExited)
            {
                // SIGINT lets parec flush what it buffered; SIGKILL would lose it.
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                kill?.WaitForExit(5000);
                if (!_process.WaitForExit(3000))
                {
                    _process.Kill();
                }
            }

            _process.WaitForExit(5000);
            _copy.Wait(5000);
            return Samples();
        }

        private async Task CopyAsync(Stream output)
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_data)
                {
                    _data.Write(buffer, 0, read);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
            _data.Dispose();
        }
    }
}
