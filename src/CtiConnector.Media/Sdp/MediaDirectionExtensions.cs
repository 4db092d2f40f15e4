namespace CtiConnector.Media.Sdp;

/// <summary>Helpers on <see cref="MediaDirection"/>.</summary>
public static class MediaDirectionExtensions
{
    /// <summary>True when this direction allows sending.</summary>
    public static bool CanSend(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    /// <summary>True when this direction allows receiving.</summary>
    public static bool CanReceive(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The same stream seen from the other side (sendonly becomes recvonly).</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>Builds a direction from its two capabilities.</summary>
    public static MediaDirection FromCapabilities(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>The SDP attribute name (<c>sendrecv</c>, <c>sendonly</c>, ...).</summary>
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>Parses a direction attribute name; false for any other attribute.</summary>
    public static bool TryParseAttributeName(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.SendRecv; return false;
        }
    }
}
