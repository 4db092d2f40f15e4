using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Transport;

/// <summary>
/// Where the transport hands every valid received message. The transport knows this sink only,
/// never transactions or dialogs (the layer above registers itself as the sink).
/// </summary>
public interface ISipMessageSink
{
    /// <summary>A request or response that parsed and passed validation. <see cref="SipMessage.Source"/> is set.</summary>
    void OnMessage(SipMessage message);
}
