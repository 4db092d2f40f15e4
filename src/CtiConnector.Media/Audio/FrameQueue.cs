namespace CtiConnector.Media.Audio;

/// <summary>
/// A small bounded queue of audio frames between the pump and a device thread: the oldest frame is
/// dropped when full, so latency stays bounded; the consumer can wait for a frame.
/// </summary>
internal sealed class FrameQueue
{
    private readonly Queue<short[]> _frames = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly int _capacity;

    public FrameQueue(int capacity) => _capacity = capacity;

    public long Dropped { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count;
            }
        }
    }

    public void Enqueue(ReadOnlySpan<short> frame)
    {
        lock (_lock)
        {
            _frames.Enqueue(frame.ToArray());
            if (_frames.Count > _capacity)
            {
                _frames.Dequeue();
                Dropped++;
                return;
            }
        }

        _available.Release();
    }

    public bool TryDequeue(Span<short> frame)
    {
        lock (_lock)
        {
            if (_frames.TryDequeue(out var next))
            {
                next.CopyTo(frame);
                _available.Wait(0);
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a frame.</summary>
    public bool WaitDequeue(Span<short> frame, TimeSpan timeout)
    {
        if (!_available.Wait(timeout))
        {
            return false;
        }

        lock (_lock)
        {
            if (_frames.TryDequeue(out var next))
            {
                next.CopyTo(frame);
                return true;
            }
        }

        return false;
    }
}
