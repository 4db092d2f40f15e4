using System.Globalization;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// An <c>a=rtpmap:</c> value (RFC 8866 §6.6): <c>101 telephone-event/8000</c>.
/// </summary>
/// <param name="PayloadType">RTP payload type, 0 to 127.</param>
/// <param name="EncodingName">Encoding name, e.g. <c>PCMU</c> (compared case-insensitively).</param>
/// <param name="ClockRate">Clock rate in Hz.</param>
/// <param name="Parameters">Encoding parameters (channels for audio), or null.</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, string? Parameters = null)
{
    /// <summary>Parses the value of an <c>rtpmap</c> attribute; false when it is malformed.</summary>
    public static bool TryParse(string? value, out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0
            || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
            || pt > 127)
        {
            return false;
        }

        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length < 2 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            return false;
        }

        rtpMap = new SdpRtpMap(pt, parts[0], rate, parts.Length > 2 ? parts[2] : null);
        return true;
    }

    /// <summary>The attribute value as written after <c>a=rtpmap:</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{PayloadType} {EncodingName}/{ClockRate}{(Parameters is null ? string.Empty : "/" + Parameters)}");
}
