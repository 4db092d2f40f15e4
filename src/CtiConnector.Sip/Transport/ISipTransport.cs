using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transport;

/// <summary>Sends messages and reports received ones to its sink. Implemented over real sockets and, in tests, in memory.</summary>
public interface ISipTransport
{
    /// <summary>Sets the one sink that receives every valid incoming message.</summary>
    void SetSink(ISipMessageSink sink);

    /// <summary>The address and port we are reachable at for a transport (for Via and Contact); null when not listening on it.</summary>
    SipEndPoint? GetLocalEndPoint(TransportKind transport);

    /// <summary>Sends a request (or an ACK) to <paramref name="destination"/>, opening a connection for TCP/TLS if needed.</summary>
    /// <exception cref="SipTransportException">The message could not be sent (connection refused, unreachable...).</exception>
    ValueTask SendRequestAsync(SipRequest request, SipEndPoint destination, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a response where RFC 3261 §18.2.2 says: back over the request's connection for reliable transports,
    /// else to the top Via's <c>received</c>/<c>rport</c> (RFC 3581) or sent-by.
    /// </summary>
    ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken);
}

/// <summary>A message could not be sent; transactions turn this into a transport error for their user.</summary>
public sealed class SipTransportException : Exception
{
    public SipTransportException()
    {
    }

    public SipTransportException(string message) : base(message)
    {
    }

    public SipTransportException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
