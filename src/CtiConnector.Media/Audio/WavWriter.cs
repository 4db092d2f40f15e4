using System.Buffers.Binary;

namespace CtiConnector.Media.Audio;

/// <summary>
/// Writes an 8 kHz mono 16-bit PCM WAV file as audio arrives. The RIFF and data sizes are rewritten
/// on <see cref="Flush"/> (the device does it about once a second) and on <see cref="Dispose"/>, so a
/// killed process leaves a file that players read up to the last flush.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderSize = 44;
    private readonly FileStream _stream;
    private readonly byte[] _frameBytes = new byte[AudioFormat.FrameBytes * 4];
    private long _dataBytes;

    /// <summary>Creates (or truncates) the file and writes a header with zero lengths.</summary>
    public WavWriter(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 16 * 1024);
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, 0);
        _stream.Write(header);
        _stream.Flush();
    }

    /// <summary>Samples written so far.</summary>
    public long SamplesWritten => _dataBytes / 2;

    /// <summary>Appends samples.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var count = Math.Min(samples.Length, _frameBytes.Length / 2);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(_frameBytes.AsSpan(i * 2), samples[i]);
            }

            _stream.Write(_frameBytes, 0, count * 2);
            _dataBytes += count * 2;
            samples = samples[count..];
        }
    }

    /// <summary>Rewrites the header sizes and flushes to the file.</summary>
    public void Flush()
    {
        var end = _stream.Position;
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, _dataBytes);
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Position = end;
        _stream.Flush(flushToDisk: false);
    }

    /// <summary>Finalises the header and closes the file.</summary>
    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    /// <summary>Writes a whole WAV file (tests, tone files).</summary>
    public static void WriteFile(string path, ReadOnlySpan<short> samples)
    {
        using var writer = new WavWriter(path);
        writer.Write(samples);
    }

    private static void WriteHeader(Span<byte> header, long dataBytes)
    {
        var data = (uint)Math.Min(dataBytes, uint.MaxValue - 36);
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 36 + data);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], AudioFormat.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], AudioFormat.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], AudioFormat.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], AudioFormat.BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], data);
    }
}
