namespace CtiConnector.Media.Sdp;

/// <summary>
/// Direction of a media stream (RFC 3264 §5.1, RFC 8866 §6.7), always seen from the side
/// that wrote the description.
/// </summary>
public enum MediaDirection
{
    /// <summary><c>a=sendrecv</c>: send and receive (the default when no attribute is present).</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>: send only (a party putting the other on hold).</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>: receive only.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>: neither send nor receive.</summary>
    Inactive,
}
