using System.Net;

namespace CtiConnector.Sip.Messages;

/// <summary>The transports this stack speaks.</summary>
public enum TransportKind
{
    Udp,
    Tcp,
    Tls,
}

/// <summary>A transport and a socket address: where a message came from or goes to.</summary>
public readonly record struct SipEndPoint(TransportKind Transport, IPEndPoint EndPoint)
{
    /// <summary>The Via transport token: UDP, TCP, TLS.</summary>
    public string TransportName => Transport switch
    {
        TransportKind.Tcp => "TCP",
        TransportKind.Tls => "TLS",
        _ => "UDP",
    };

    public bool IsReliable => Transport != TransportKind.Udp;

    public override string ToString() => $"{EndPoint} ({TransportName})";
}
