namespace CtiConnector.Media.Audio;

/// <summary>The <c>null</c> device: captures silence, discards playback. For automation and servers.</summary>
public sealed class NullAudioDevice : IAudioDevice
{
    /// <inheritdoc />
    public string Name => "null";

    /// <summary>Frames written so far (for tests and diagnostics).</summary>
    public long FramesWritten { get; private set; }

    /// <inheritdoc />
    public bool ReadFrame(Span<short> frame)
    {
        frame.Clear();
        return false;
    }

    /// <inheritdoc />
    public void WriteFrame(ReadOnlySpan<short> frame) => FramesWritten++;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
