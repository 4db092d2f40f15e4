namespace CtiConnector.Media.Audio;

/// <summary>
/// The <c>echo</c> device: capture returns what playback received, so a caller hears themselves
/// (the agent's built-in test line). Up to one second is queued; older frames are dropped.
/// </summary>
public sealed class EchoAudioDevice : IAudioDevice
{
    private const int MaxFrames = 50;
    private readonly Queue<short[]> _frames = new();
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public string Name => "echo";

    /// <inheritdoc />
    public bool ReadFrame(Span<short> frame)
    {
        lock (_lock)
        {
            if (_frames.TryDequeue(out var next))
            {
                next.CopyTo(frame);
                return true;
            }
        }

        frame.Clear();
        return false;
    }

    /// <inheritdoc />
    public void WriteFrame(ReadOnlySpan<short> frame)
    {
        lock (_lock)
        {
            _frames.Enqueue(frame.ToArray());
            while (_frames.Count > MaxFrames)
            {
                _frames.Dequeue();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _frames.Clear();
        }
    }
}
