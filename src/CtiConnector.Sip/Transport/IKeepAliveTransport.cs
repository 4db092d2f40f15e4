using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transport;

/// <summary>
/// An optional capability of a transport (detected at run time): RFC 5626 keep-alives on a flow. On TCP/TLS a
/// CRLF CRLF "ping" that the server answers with a single CRLF "pong" (§4.4.1); on UDP a CRLF CRLF datagram that keeps
/// the NAT binding open (no answer is expected).
/// </summary>
public interface IKeepAliveTransport
{
    /// <summary>Raised when a pong (a lone CRLF) arrives on a stream connection; the argument is the connection's remote end.</summary>
    event Action<SipEndPoint>? PongReceived;

    /// <summary>Sends a CRLF CRLF ping toward <paramref name="destination"/> (over the existing connection for TCP/TLS).</summary>
    /// <exception cref="SipTransportException">It could not be sent.</exception>
    ValueTask SendKeepAliveAsync(SipEndPoint destination, CancellationToken cancellationToken);

    /// <summary>Closes the stream connection to <paramref name="destination"/>, if any: its flow is dead (RFC 5626 §4.4.1).</summary>
    ValueTask CloseFlowAsync(SipEndPoint destination);
}
