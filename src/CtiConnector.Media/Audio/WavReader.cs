using System.Buffers.Binary;

namespace CtiConnector.Media.Audio;

/// <summary>
/// Reads a PCM WAV file in <see cref="AudioFormat"/> (8 kHz, mono, 16-bit). A file whose header sizes
/// were never finalised (a killed writer: sizes 0 or 0xFFFFFFFF) is read to its end.
/// </summary>
public static class WavReader
{
    /// <summary>Reads all samples; throws <see cref="MediaException"/> naming the file and the problem.</summary>
    public static short[] ReadSamples(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MediaException($"Audio file '{path}' cannot be read: {ex.Message}", ex);
        }

        if (!TryParse(bytes, out var samples, out var error))
        {
            throw new MediaException($"Audio file '{path}' is not usable: {error}");
        }

        return samples;
    }

    /// <summary>Parses a WAV image; false with a reason when it is not 8 kHz mono 16-bit PCM.</summary>
    public static bool TryParse(ReadOnlySpan<byte> wav, out short[] samples, out string error)
    {
        samples = [];
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            error = "not a RIFF/WAVE file";
            return false;
        }

        var offset = 12;
        var haveFormat = false;
        while (offset + 8 <= wav.Length)
        {
            var id = wav.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav[(offset + 4)..]);
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > wav.Length)
                {
                    error = "truncated fmt chunk";
                    return false;
                }

                var format = BinaryPrimitives.ReadUInt16LittleEndian(wav[body..]);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(wav[(body + 2)..]);
                var rate = BinaryPrimitives.ReadUInt32LittleEndian(wav[(body + 4)..]);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(wav[(body + 14)..]);
                if ((format != 1 && format != 0xFFFE) || channels != AudioFormat.Channels || rate != AudioFormat.SampleRate || bits != AudioFormat.BitsPerSample)
                {
                    error = $"format {format}, {channels} channel(s), {rate} Hz, {bits} bits; need PCM, 1 channel, 8000 Hz, 16 bits";
                    return false;
                }

                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    error = "data chunk before fmt chunk";
                    return false;
                }

                var available = wav.Length - body;
                var length = size == 0 || size > (uint)available ? available : (int)size;
                length &= ~1;
                samples = new short[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(wav[(body + (i * 2))..]);
                }

                error = string.Empty;
                return true;
            }

            if (size > (uint)(wav.Length - body))
            {
                break;
            }

            offset = body + (int)size + (int)(size & 1);
        }

        error = haveFormat ? "no data chunk" : "no fmt chunk";
        return false;
    }
}
