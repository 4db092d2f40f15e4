using System.Globalization;
using System.Text;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Testing.Baresip;

/// <summary>
/// A real second softphone (Debian <c>baresip</c>) on 127.0.0.1: headless, auto-answering as
/// <c>sip:NAME@127.0.0.1:PORT</c>, sending a WAV file as its microphone and recording what it hears
/// (<c>*-dec.wav</c>) with the sndfile module. Stopped by PID when disposed.
/// </summary>
public sealed class BaresipPeer : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private BaresipPeer(PeerProcess process, string directory, int port, string user)
    {
        _process = process;
        Directory = directory;
        Port = port;
        User = user;
    }

    public string Directory { get; }

    public int Port { get; }

    public string User { get; }

    public string Uri => $"sip:{User}@127.0.0.1:{Port}";

    /// <summary>Where sndfile writes the recordings.</summary>
    public string RecordingsDirectory => Path.Combine(Directory, "rec");

    /// <summary>What baresip printed so far.</summary>
    public string Output => string.Join('\n', _process.Lines);

    /// <summary>Starts baresip with <paramref name="sourceWav"/> (8 kHz mono; long enough for the call) as its microphone.</summary>
    /// <param name="sourceWav">What baresip sends.</param>
    /// <param name="user">Its user name.</param>
    /// <param name="autoAnswer">Answer incoming calls at once.</param>
    /// <param name="mediaEncryption">
    /// The account's <c>mediaenc</c> with the <c>srtp</c> module loaded (<c>srtp</c>, <c>srtp-mand</c>), or null for plain RTP.
    /// </param>
    /// <param name="dial">A SIP URI baresip calls as soon as it runs, or null.</param>
    public static async Task<BaresipPeer> StartAsync(string sourceWav, string user = "bob", bool autoAnswer = true, string? mediaEncryption = null, string? dial = null)
    {
        var executable = PeerBinary.Require("baresip", "baresip");
        if (mediaEncryption is not null && !File.Exists("/usr/lib/baresip/modules/srtp.so"))
        {
            throw new InvalidOperationException("baresip's srtp module (/usr/lib/baresip/modules/srtp.so, Debian package baresip-core) is missing.");
        }

        // A port found free can be taken by another process before baresip binds it (and baresip listens on TCP too):
        // when that happens it exits at once saying so, and it is started again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var peer = await TryStartAsync(executable, sourceWav, user, autoAnswer, mediaEncryption, dial).ConfigureAwait(false);
            if (peer is not null)
            {
                return peer;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("baresip found its ports taken three times in a row.");
            }
        }
    }

    private static async Task<BaresipPeer?> TryStartAsync(string executable, string sourceWav, string user, bool autoAnswer, string? mediaEncryption, string? dial)
    {
        var directory = Path.Combine(Path.GetTempPath(), "cti-baresip-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "rec"));
        var port = FreePort.UdpAndTcp();
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
            .Append(mediaEncryption is null ? string.Empty : "module srtp.so\n")
            .AppendLine("module_tmp uuid.so")
            .AppendLine("module_tmp account.so")
            .AppendLine("module_app menu.so")
            .ToString();
        await File.WriteAllTextAsync(Path.Combine(directory, "config"), config).ConfigureAwait(false);
        var answer = autoAnswer ? "auto" : "manual";
        await File.WriteAllTextAsync(
            Path.Combine(directory, "accounts"),
            $"<sip:{user}@127.0.0.1:{port}>;regint=0;answermode={answer};audio_codecs=PCMU,PCMA{(mediaEncryption is null ? string.Empty : ";mediaenc=" + mediaEncryption)}\n").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "contacts"), string.Empty).ConfigureAwait(false);

        string[] arguments = dial is null ? ["-f", directory, "-t", "120"] : ["-f", directory, "-t", "120", "-e", "/dial " + dial];
        var process = PeerProcess.Start(executable, arguments, directory);
        var peer = new BaresipPeer(process, directory, port, user);
        if (!await process.WaitForLineAsync(l => l.Contains("ua: ", StringComparison.Ordinal) || l.Contains("baresip is ready", StringComparison.Ordinal), TimeSpan.FromSeconds(10)).ConfigureAwait(false)
            && process.HasExited)
        {
            var output = peer.Output;
            await peer.DisposeAsync().ConfigureAwait(false);
            return output.Contains("Address already in use", StringComparison.Ordinal)
                ? null
                : throw new InvalidOperationException("baresip exited at start:\n" + output);
        }

        if (peer.Output.Contains("Address already in use", StringComparison.Ordinal))
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return peer;
    }

    /// <summary>Files sndfile wrote with what baresip heard.</summary>
    public IReadOnlyList<string> DecodedRecordings() =>
        System.IO.Directory.GetFiles(RecordingsDirectory, "*-dec.wav");

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
