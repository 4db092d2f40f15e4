namespace CtiConnector.Telephony;

/// <summary>Reads whether an SDP puts us on hold (RFC 3264 §8.4): sendonly or inactive audio, or the old 0.0.0.0 address.</summary>
internal static class SdpHold
{
    public static bool IsHold(string sdp)
    {
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line is "a=sendonly" or "a=inactive" || line.StartsWith("c=IN IP4 0.0.0.0", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
