using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CtiConnector.Sip.Transport;

/// <summary>Where and how the transport listens.</summary>
public sealed class SipTransportOptions
{
    /// <summary>The bound address (<c>Sip:Address</c>); loopback by default.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>UDP and TCP port (<c>Sip:Port</c>); 0 picks a free port shared by both.</summary>
    public int Port { get; set; }

    public bool EnableTcp { get; set; } = true;

    /// <summary>A certificate enables the TLS listener on <see cref="TlsPort"/> (0 = free port).</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    public int TlsPort { get; set; }

    /// <summary>
    /// Replaces the validation of servers' certificates on outgoing TLS (tests); null uses <see cref="TlsCertificateCheck"/>
    /// with the system store and <see cref="TlsCaCertificates"/>.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>CA certificates trusted for outgoing TLS in addition to the system store (<c>Sip:TlsCaFile</c>).</summary>
    public X509Certificate2Collection? TlsCaCertificates { get; set; }

    /// <summary>Largest message accepted on a stream (bigger ones close the connection).</summary>
    public int MaxMessageSize { get; set; } = 64 * 1024;

    /// <summary>A connection with no traffic for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>At most this many stream connections at once (accepted and opened).</summary>
    public int MaxConnections { get; set; } = 256;
}
