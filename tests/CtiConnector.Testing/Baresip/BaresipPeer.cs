using System.Diagnostics;
using System.Globalization;
using System.Text;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Testing.Baresip;

/// <summary>
/// A real second softphone (Debian <c>baresip</c>) on 127.0.0.1: headless, auto-answering as
/// <c>sip:NAME@127.0.0.1:PORT</c>, sending a WAV file as its microphone and recording what it hears
/// (<c>*-dec.wav</c>) with the sndfile module. Killed by PID when disposed.
/// </summary>
public sealed class BaresipPeer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BaresipPeer(Process process, string directory, int port, string user)
    {
        _process = process;
        Directory = directory;
        Port = port;
        User = user;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Directory { get; }

    public int Port { get; }

    public string User { get; }

    public string Uri => $"sip:{User}@127.0.0.1:{Port}";

    /// <summary>Where sndfile writes the recordings.</summary>
    public string RecordingsDirectory => Path.Combine(Directory, "rec");

    /// <summary>Starts baresip with <paramref name="sourceWav"/> (8 kHz mono; long enough for the call) as its microphone.</summary>
    public static async Task<BaresipPeer> StartAsync(string sourceWav, string user = "bob", bool autoAnswer = true)
    {
        var executable = PeerBinary.Require("baresip", "baresip");
        var directory = Path.Combine(Path.GetTempPath(), "cti-baresip-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "rec"));
        var port = FreePort.Udp();
        var rtp = FreePort.Udp() & ~1;
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"sip_listen 127.0.0.1:{port}")
            .AppendLine("net_interface 127.0.0.1")
            .AppendLine("dns_server 127.0.0.1:53")
            .AppendLine("audio_player aubridge,nil")
            .AppendLine("audio_alert aubridge,nil")
            .AppendLine(CultureInfo.InvariantCulture, $"audio_source aufile,{sourceWav}")
            .AppendLine(CultureInfo.InvariantCulture, $"rtp_ports {rtp}-{rtp + 40}")
            .AppendLine(CultureInfo.InvariantCulture, $"snd_path {Path.Combine(directory, "rec")}")
            .AppendLine("module_path /usr/lib/baresip/modules")
            .AppendLine("module g711.so")
            .AppendLine("module aubridge.so")
            .AppendLine("module aufile.so")
            .AppendLine("module sndfile.so")
            .AppendLine("module_tmp uuid.so")
            .AppendLine("module_tmp account.so")
            .AppendLine("module_app menu.so")
            .ToString();
        await File.WriteAllTextAsync(Path.Combine(directory, "config"), config);
        var answer = autoAnswer ? "auto" : "manual";
        await File.WriteAllTextAsync(
            Path.Combine(directory, "accounts"),
            $"<sip:{user}@127.0.0.1:{port}>;regint=0;answermode={answer};audio_codecs=PCMU,PCMA\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "contacts"), string.Empty);

        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add("-t");
        info.ArgumentList.Add("120");
        var process = Process.Start(info) ?? throw new InvalidOperationException("baresip did not start.");
        var peer = new BaresipPeer(process, directory, port, user);
        await peer.WaitForOutputAsync("ua: ", TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return peer;
    }

    /// <summary>Files sndfile wrote with what baresip heard.</summary>
    public IReadOnlyList<string> DecodedRecordings() =>
        System.IO.Directory.GetFiles(RecordingsDirectory, "*-dec.wav");

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
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal) || _process.HasExited)
            {
                break;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        if (_process.HasExited)
        {
            throw new InvalidOperationException("baresip exited at start:\n" + Output);
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
            if (_output.Length < 256 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
