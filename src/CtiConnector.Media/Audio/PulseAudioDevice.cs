using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Media.Audio;

/// <summary>
/// PulseAudio (and PipeWire's PulseAudio server) through <c>libpulse-simple.so.0</c>. Two streams:
/// playback to a sink and capture from a source, each served by its own thread so the pump never
/// blocks. The server comes from <c>PULSE_SERVER</c> (e.g. <c>unix:/run/user/1000/pulse/native</c>)
/// when set, else the user's default. A null sink or source name means the server's default.
/// </summary>
public sealed partial class PulseAudioDevice : IAudioDevice
{
    private const int QueueFrames = 25;
    private readonly nint _playback;
    private readonly nint _capture;
    private readonly FrameQueue _toPlay = new(QueueFrames);
    private readonly FrameQueue _captured = new(QueueFrames);
    private readonly Thread _playThread;
    private readonly Thread _captureThread;
    private readonly ILogger _logger;
    private volatile bool _stopping;
    private int _disposed;

    /// <summary>
    /// Connects both streams; throws <see cref="MediaException"/> naming the device (or the library) when
    /// it is missing.
    /// </summary>
    /// <param name="sink">Sink to play to, or null for the default.</param>
    /// <param name="source">Source to capture from, or null for the default.</param>
    /// <param name="server">Server address (<c>unix:/path/native</c>); null uses <c>PULSE_SERVER</c>, else the default.</param>
    /// <param name="applicationName">Client name shown in the mixer.</param>
    /// <param name="logger">Logger.</param>
    public PulseAudioDevice(string? sink = null, string? source = null, string? server = null, string applicationName = "CTI Connector", ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        server ??= Environment.GetEnvironmentVariable("PULSE_SERVER");
        Name = $"pulse:{sink ?? "default"},{source ?? "default"}";
        _playback = Open(server, applicationName, PulseAudioNative.StreamPlayback, sink, "call audio", "sink");
        try
        {
            _capture = Open(server, applicationName, PulseAudioNative.StreamRecord, source, "microphone", "source");
        }
        catch
        {
            PulseAudioNative.SimpleFree(_playback);
            throw;
        }

        _playThread = new Thread(PlayLoop) { IsBackground = true, Name = "pulse-playback" };
        _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = "pulse-capture" };
        _playThread.Start();
        _captureThread.Start();
        LogOpened(_logger, Name, server ?? "(default)");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Frames dropped because the server took them slower than the pump produced them.</summary>
    public long PlaybackFramesDropped => _toPlay.Dropped;

    /// <inheritdoc />
    public bool ReadFrame(Span<short> frame)
    {
        if (_captured.TryDequeue(frame))
        {
            return true;
        }

        frame.Clear();
        return false;
    }

    /// <inheritdoc />
    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        if (!_stopping)
        {
            _toPlay.Enqueue(frame);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;

        // A stream whose thread is still blocked in the server (a stalled server) is leaked rather
        // than freed under the thread's feet.
        if (_playThread.Join(TimeSpan.FromSeconds(2)))
        {
            PulseAudioNative.SimpleDrain(_playback, out _);
            PulseAudioNative.SimpleFree(_playback);
        }

        if (_captureThread.Join(TimeSpan.FromSeconds(2)))
        {
            PulseAudioNative.SimpleFree(_capture);
        }
    }

    private static nint Open(string? server, string application, int direction, string? device, string stream, string kind)
    {
        var spec = new PulseAudioNative.SampleSpec { Format = PulseAudioNative.SampleS16Le, Rate = AudioFormat.SampleRate, Channels = AudioFormat.Channels };

        // Low latency: 100 ms target on playback, 20 ms fragments on capture; the rest server defaults (-1).
        var attributes = new PulseAudioNative.BufferAttr
        {
            MaxLength = uint.MaxValue,
            TLength = direction == PulseAudioNative.StreamPlayback ? (uint)AudioFormat.FrameBytes * 5 : uint.MaxValue,
            PreBuf = uint.MaxValue,
            MinReq = uint.MaxValue,
            FragSize = direction == PulseAudioNative.StreamRecord ? (uint)AudioFormat.FrameBytes : uint.MaxValue,
        };
        nint handle;
        int error;
        try
        {
            handle = PulseAudioNative.SimpleNew(server, application, direction, device, stream, spec, 0, attributes, out error);
        }
        catch (DllNotFoundException ex)
        {
            throw new MediaException("PulseAudio client library libpulse-simple.so.0 is not installed (package libpulse0); use Audio:Device=null or file:IN.wav,OUT.wav without it.", ex);
        }

        if (handle == 0)
        {
            var what = device is null ? $"default PulseAudio {kind}" : $"PulseAudio {kind} '{device}'";
            var where = server is null ? string.Empty : $" on {server}";
            throw new MediaException(error == PulseAudioNative.ErrorNoEntity
                ? $"{what} not found{where}."
                : $"{what}{where} cannot be opened: {PulseAudioNative.Describe(error)}.");
        }

        return handle;
    }

    private unsafe void PlayLoop()
    {
        var frame = new short[AudioFormat.FrameSamples];
        while (!_stopping)
        {
            if (!_toPlay.WaitDequeue(frame, TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            fixed (short* p = frame)
            {
                if (PulseAudioNative.SimpleWrite(_playback, (byte*)p, AudioFormat.FrameBytes, out var error) < 0)
                {
                    LogStreamError(_logger, "playback", PulseAudioNative.Describe(error));
                    return;
                }
            }
        }
    }

    private unsafe void CaptureLoop()
    {
        var frame = new short[AudioFormat.FrameSamples];
        while (!_stopping)
        {
            fixed (short* p = frame)
            {
                if (PulseAudioNative.SimpleRead(_capture, (byte*)p, AudioFormat.FrameBytes, out var error) < 0)
                {
                    LogStreamError(_logger, "capture", PulseAudioNative.Describe(error));
                    return;
                }
            }

            _captured.Enqueue(frame);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "PulseAudio device {Device} opened (server {Server})")]
    private static partial void LogOpened(ILogger logger, string device, string server);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "PulseAudio {Stream} stream failed: {Reason}")]
    private static partial void LogStreamError(ILogger logger, string stream, string reason);
}
