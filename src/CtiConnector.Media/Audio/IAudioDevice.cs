namespace CtiConnector.Media.Audio;

/// <summary>
/// A sound device seen by the media pump, in <see cref="AudioFormat"/> (8 kHz mono 16-bit, 20 ms frames).
/// The capture side is what the user says (the microphone); the playback side is what the user hears.
/// Neither call may block for long: the pump runs on a 20 ms clock, so a device with its own
/// timing (PulseAudio, WinMM) buffers on its own threads. The device is open once created and
/// closed by <see cref="IDisposable.Dispose"/>.
/// </summary>
public interface IAudioDevice : IDisposable
{
    /// <summary>A short description for logs, e.g. <c>pulse:default</c> or <c>file:in.wav,out.wav</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Takes the next captured frame into <paramref name="frame"/> (<see cref="AudioFormat.FrameSamples"/> samples).
    /// Returns false, with <paramref name="frame"/> cleared to silence, when no audio is available.
    /// </summary>
    bool ReadFrame(Span<short> frame);

    /// <summary>Queues one frame (<see cref="AudioFormat.FrameSamples"/> samples) for playback.</summary>
    void WriteFrame(ReadOnlySpan<short> frame);
}
