namespace CtiConnector.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law and A-law, table-driven. Encoding tables are indexed by the 14-bit (µ-law) or
/// 13-bit (A-law) linear value the standard defines, so 16-bit samples are first shifted right;
/// decoding returns 16-bit samples.
/// </summary>
public static class G711
{
    private static readonly short[] s_muLawDecode = BuildMuLawDecode();
    private static readonly short[] s_aLawDecode = BuildALawDecode();
    private static readonly byte[] s_muLawEncode = BuildMuLawEncode();
    private static readonly byte[] s_aLawEncode = BuildALawEncode();

    /// <summary>Encodes one 16-bit sample to µ-law.</summary>
    public static byte MuLawEncode(short sample) => s_muLawEncode[(sample >> 2) + 8192];

    /// <summary>Decodes one µ-law byte to a 16-bit sample.</summary>
    public static short MuLawDecode(byte code) => s_muLawDecode[code];

    /// <summary>Encodes one 16-bit sample to A-law.</summary>
    public static byte ALawEncode(short sample) => s_aLawEncode[(sample >> 3) + 4096];

    /// <summary>Decodes one A-law byte to a 16-bit sample.</summary>
    public static short ALawDecode(byte code) => s_aLawDecode[code];

    /// <summary>Encodes samples with the codec; <paramref name="destination"/> needs one byte per sample.</summary>
    public static void Encode(AudioCodec codec, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        var table = codec == AudioCodec.Pcma ? s_aLawEncode : s_muLawEncode;
        var shift = codec == AudioCodec.Pcma ? 3 : 2;
        var offset = codec == AudioCodec.Pcma ? 4096 : 8192;
        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = table[(samples[i] >> shift) + offset];
        }
    }

    /// <summary>Decodes bytes with the codec; <paramref name="destination"/> needs one sample per byte.</summary>
    public static void Decode(AudioCodec codec, ReadOnlySpan<byte> encoded, Span<short> destination)
    {
        if (destination.Length < encoded.Length)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        var table = codec == AudioCodec.Pcma ? s_aLawDecode : s_muLawDecode;
        for (var i = 0; i < encoded.Length; i++)
        {
            destination[i] = table[encoded[i]];
        }
    }

    /// <summary>The code for silence (a zero sample): 0xFF in µ-law, 0xD5 in A-law.</summary>
    public static byte SilenceCode(AudioCodec codec) => codec == AudioCodec.Pcma ? (byte)0xD5 : (byte)0xFF;

    private static short[] BuildMuLawDecode()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            // G.711 µ-law: bits are inverted; sign, 3-bit segment, 4-bit step; bias 0x84 (132).
            var code = ~i & 0xFF;
            var magnitude = (((code & 0x0F) << 3) + 0x84) << ((code & 0x70) >> 4);
            table[i] = (short)((code & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
        }

        return table;
    }

    private static short[] BuildALawDecode()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            // G.711 A-law: even bits inverted (XOR 0x55); segment 0 is linear, others are offset by 0x100.
            var code = i ^ 0x55;
            var step = (code & 0x0F) << 4;
            var segment = (code & 0x70) >> 4;
            var magnitude = segment == 0 ? step + 8 : (step + 0x108) << (segment - 1);
            table[i] = (short)((code & 0x80) != 0 ? magnitude : -magnitude);
        }

        return table;
    }

    private static byte[] BuildMuLawEncode()
    {
        // Index = 14-bit linear value + 8192.
        var table = new byte[16384];
        for (var index = 0; index < table.Length; index++)
        {
            var value = index - 8192;
            var mask = value < 0 ? 0x7F : 0xFF;
            var magnitude = Math.Min(value < 0 ? -value : value, 8159) + 0x21;
            var segment = 0;
            while (segment < 8 && magnitude > (0x40 << segment) - 1)
            {
                segment++;
            }

            var code = segment >= 8 ? 0x7F : (segment << 4) | ((magnitude >> (segment + 1)) & 0x0F);
            table[index] = (byte)(code ^ mask);
        }

        return table;
    }

    private static byte[] BuildALawEncode()
    {
        // Index = 13-bit linear value + 4096.
        var table = new byte[8192];
        for (var index = 0; index < table.Length; index++)
        {
            var value = index - 4096;
            int mask;
            if (value >= 0)
            {
                mask = 0xD5;
            }
            else
            {
                mask = 0x55;
                value = -value - 1;
            }

            var segment = 0;
            while (segment < 8 && value > (0x20 << segment) - 1)
            {
                segment++;
            }

            int code;
            if (segment >= 8)
            {
                code = 0x7F;
            }
            else
            {
                code = (segment << 4) | ((segment < 2 ? value >> 1 : value >> segment) & 0x0F);
            }

            table[index] = (byte)(code ^ mask);
        }

        return table;
    }
}
