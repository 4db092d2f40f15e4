namespace CtiConnector.Media.Rtp;

/// <summary>
/// The UDP ports RTP may use: RTP takes an even port, RTCP the next odd one (RFC 3550 §11).
/// </summary>
/// <param name="Min">Lowest port (rounded up to even).</param>
/// <param name="Max">Highest port (an RTCP port may be this one).</param>
public sealed record RtpPortRange(int Min = 10000, int Max = 20000)
{
    /// <summary>The default range, 10000-20000.</summary>
    public static RtpPortRange Default { get; } = new();

    /// <summary>Checks that the range holds at least one even/odd pair.</summary>
    public void Validate()
    {
        var first = Min + (Min & 1);
        if (Min < 1024 || Max > 65535 || first + 1 > Max)
        {
            throw new ArgumentException($"RTP port range {Min}-{Max} must lie within 1024-65535 and hold an even/odd pair.");
        }
    }
}
