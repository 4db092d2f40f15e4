namespace CtiConnector.Media.Codecs;

/// <summary>SDP and RTP facts about <see cref="AudioCodec"/>.</summary>
public static class AudioCodecInfo
{
    /// <summary>Static RTP payload type (RFC 3551 table 4).</summary>
    public static int StaticPayloadType(this AudioCodec codec) => codec == AudioCodec.Pcma ? 8 : 0;

    /// <summary>SDP encoding name.</summary>
    public static string EncodingName(this AudioCodec codec) => codec == AudioCodec.Pcma ? "PCMA" : "PCMU";

    /// <summary>Clock rate in Hz.</summary>
    public static int ClockRate(this AudioCodec codec) => 8000;

    /// <summary>Finds the codec for an SDP encoding name and clock rate (names are case-insensitive).</summary>
    public static bool TryFromEncoding(string name, int clockRate, out AudioCodec codec)
    {
        codec = AudioCodec.Pcmu;
        if (clockRate != 8000)
        {
            return false;
        }

        if (string.Equals(name, "PCMU", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(name, "PCMA", StringComparison.OrdinalIgnoreCase))
        {
            codec = AudioCodec.Pcma;
            return true;
        }

        return false;
    }

    /// <summary>Parses a configuration name: <c>PCMU</c>, <c>PCMA</c>, <c>ulaw</c>, <c>alaw</c>, <c>G711u</c>, <c>G711a</c>.</summary>
    public static bool TryParse(string? text, out AudioCodec codec)
    {
        codec = AudioCodec.Pcmu;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "PCMU" or "ULAW" or "G711U" or "MULAW":
                return true;
            case "PCMA" or "ALAW" or "G711A":
                codec = AudioCodec.Pcma;
                return true;
            default:
                return false;
        }
    }
}
