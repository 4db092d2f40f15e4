using Microsoft.Extensions.Logging;

namespace CtiConnector.Media.Audio;

/// <summary>
/// Opens the device named by the <c>Audio:Device</c> setting:
/// <list type="bullet">
/// <item><c>default</c> (or empty): the system's default (PulseAudio on Linux, WinMM on Windows);</item>
/// <item><c>null</c>: silence in, nothing out;</item>
/// <item><c>echo</c>: you hear yourself (test line);</item>
/// <item><c>file:IN.wav,OUT.wav</c>: see <see cref="WavFileAudioDevice"/>;</item>
/// <item>any other text: a device name. On Linux <c>SINK,SOURCE</c> names the PulseAudio sink and source
/// (one name is used for both; an empty part is the default, e.g. <c>headset_sink,</c>); on Windows the
/// WinMM device whose name starts with it.</item>
/// </list>
/// A device that is missing or cannot be opened gives a <see cref="MediaException"/> whose message names it.
/// </summary>
public static class AudioDeviceFactory
{
    /// <summary>Opens a device, or throws <see cref="MediaException"/>.</summary>
    public static IAudioDevice Create(string? setting, ILoggerFactory? loggerFactory = null)
    {
        var spec = setting?.Trim() ?? string.Empty;
        if (spec.Length == 0 || spec.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return OpenSystem(null, null, loggerFactory);
        }

        if (spec.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return new NullAudioDevice();
        }

        if (spec.Equals("echo", StringComparison.OrdinalIgnoreCase))
        {
            return new EchoAudioDevice();
        }

        if (spec.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var files = spec[5..].Split(',');
            if (files.Length != 2 || (files[0].Trim().Length == 0 && files[1].Trim().Length == 0))
            {
                throw new MediaException($"Audio:Device '{spec}' must be file:IN.wav,OUT.wav (one side may be empty).");
            }

            var input = files[0].Trim();
            if (input.Length > 0 && !File.Exists(input))
            {
                throw new MediaException($"Audio input file '{input}' not found.");
            }

            return new WavFileAudioDevice(input.Length == 0 ? null : input, files[1].Trim().Length == 0 ? null : files[1].Trim());
        }

        var parts = spec.Split(',');
        var sink = parts[0].Trim();
        var source = parts.Length > 1 ? parts[1].Trim() : sink;
        return OpenSystem(sink.Length == 0 ? null : sink, source.Length == 0 ? null : source, loggerFactory);
    }

    /// <summary>Like <see cref="Create"/>, but returns the reason instead of throwing.</summary>
    public static bool TryCreate(string? setting, out IAudioDevice? device, out string? error, ILoggerFactory? loggerFactory = null)
    {
        try
        {
            device = Create(setting, loggerFactory);
            error = null;
            return true;
        }
        catch (MediaException ex)
        {
            device = null;
            error = ex.Message;
            return false;
        }
    }

    private static IAudioDevice OpenSystem(string? sink, string? source, ILoggerFactory? loggerFactory)
    {
        if (OperatingSystem.IsWindows())
        {
            return new WinMmAudioDevice(sink);
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
        {
            return new PulseAudioDevice(sink, source, logger: loggerFactory?.CreateLogger<PulseAudioDevice>());
        }

        throw new MediaException($"No sound system support on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; use Audio:Device=null or file:IN.wav,OUT.wav.");
    }
}
