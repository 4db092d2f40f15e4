namespace CtiConnector.Media.Audio;

/// <summary>
/// The <c>file:IN.wav,OUT.wav</c> device. Capture plays <c>IN</c> once from its start, one frame per
/// pump tick, then silence (no looping: a scripted call says its prompt once). Playback appends
/// everything heard to <c>OUT</c>, a valid WAV at all times (header refreshed every second and on close).
/// Either side may be omitted (<c>file:,out.wav</c> or <c>file:in.wav,</c>). Both files are
/// 8 kHz mono 16-bit PCM.
/// </summary>
public sealed class WavFileAudioDevice : IAudioDevice
{
    private const int FlushEveryFrames = 50;
    private readonly short[] _input;
    private readonly WavWriter? _output;
    private readonly Lock _lock = new();
    private int _position;
    private int _framesSinceFlush;
    private bool _disposed;

    /// <summary>Opens the files; throws <see cref="MediaException"/> naming a missing or unusable file.</summary>
    public WavFileAudioDevice(string? inputPath, string? outputPath)
    {
        _input = string.IsNullOrEmpty(inputPath) ? [] : WavReader.ReadSamples(inputPath);
        if (!string.IsNullOrEmpty(outputPath))
        {
            try
            {
                _output = new WavWriter(outputPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new MediaException($"Audio output file '{outputPath}' cannot be created: {ex.Message}", ex);
            }
        }

        Name = $"file:{inputPath},{outputPath}";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>True once the whole input file has been captured.</summary>
    public bool InputFinished => _position >= _input.Length;

    /// <inheritdoc />
    public bool ReadFrame(Span<short> frame)
    {
        lock (_lock)
        {
            var count = Math.Clamp(_input.Length - _position, 0, frame.Length);
            _input.AsSpan(_position, count).CopyTo(frame);
            frame[count..].Clear();
            _position += count;
            return count > 0;
        }
    }

    /// <inheritdoc />
    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        lock (_lock)
        {
            if (_output is null || _disposed)
            {
                return;
            }

            _output.Write(frame);
            if (++_framesSinceFlush >= FlushEveryFrames)
            {
                _framesSinceFlush = 0;
                _output.Flush();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _output?.Dispose();
        }
    }
}
