namespace CtiConnector.Media.Dtmf;

/// <summary>A digit received from the peer (RFC 4733), reported once per key press.</summary>
public sealed class DtmfReceivedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public DtmfReceivedEventArgs(char digit, TimeSpan? duration)
    {
        Digit = digit;
        Duration = duration;
    }

    /// <summary><c>0-9 * # A-D</c>.</summary>
    public char Digit { get; }

    /// <summary>Duration known when the digit was reported (the first packet's), or null.</summary>
    public TimeSpan? Duration { get; }
}
