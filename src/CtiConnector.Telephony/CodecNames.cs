using System.Diagnostics.CodeAnalysis;
using CtiConnector.Media.Codecs;

namespace CtiConnector.Telephony;

/// <summary>Codec lists as users write them in <c>Sip:Accounts:N:Codecs</c>: SDP names, comma-separated (<c>PCMA,PCMU</c>).</summary>
public static class CodecNames
{
    /// <summary>The SDP name of <paramref name="codec"/> (<c>PCMU</c>, <c>PCMA</c>).</summary>
    public static string Of(AudioCodec codec) => codec switch
    {
        AudioCodec.Pcma => "PCMA",
        _ => "PCMU",
    };

    public static string Format(IEnumerable<AudioCodec> codecs) => string.Join(',', codecs.Select(Of));

    /// <summary>Parses <c>PCMA,PCMU</c> (case and spaces ignored; <c>G711A</c>/<c>G711U</c>, <c>alaw</c>/<c>ulaw</c> too); false on an unknown name, a repeat or an empty list.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IReadOnlyList<AudioCodec>? codecs)
    {
        codecs = null;
        var list = new List<AudioCodec>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            AudioCodec? codec = part.ToUpperInvariant() switch
            {
                "PCMA" or "G711A" or "ALAW" or "A-LAW" => AudioCodec.Pcma,
                "PCMU" or "G711U" or "ULAW" or "U-LAW" or "MU-LAW" => AudioCodec.Pcmu,
                _ => null,
            };
            if (codec is not { } known || list.Contains(known))
            {
                return false;
            }

            list.Add(known);
        }

        if (list.Count == 0)
        {
            return false;
        }

        codecs = list;
        return true;
    }
}
