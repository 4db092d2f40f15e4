namespace CtiConnector.Media.Audio;

/// <summary>The one audio format devices and the pump use: 8 kHz, mono, signed 16-bit, 20 ms frames.</summary>
public static class AudioFormat
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 8000;

    /// <summary>Channels.</summary>
    public const int Channels = 1;

    /// <summary>Bits per sample.</summary>
    public const int BitsPerSample = 16;

    /// <summary>Frame length in milliseconds.</summary>
    public const int FrameMilliseconds = 20;

    /// <summary>Samples per frame (160).</summary>
    public const int FrameSamples = SampleRate * FrameMilliseconds / 1000;

    /// <summary>Bytes per frame (320).</summary>
    public const int FrameBytes = FrameSamples * 2;
}
