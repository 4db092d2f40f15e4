using System.Net;

namespace CtiConnector.Sip.Dns;

/// <summary>Settings of a <see cref="DnsClient"/>.</summary>
public sealed class DnsClientOptions
{
    /// <summary>The servers, asked in order; empty means the system's (see <see cref="SystemDnsServers"/>).</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>Whether an empty <see cref="Servers"/> means the system's servers (true) or none at all (false).</summary>
    public bool UseSystemServers { get; init; } = true;

    /// <summary>How long to wait for one server's answer to one attempt (RFC 1123 §6.1.3.3 asks for a retransmission policy).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per server before the next server is asked.</summary>
    public int AttemptsPerServer { get; init; } = 2;

    /// <summary>The most entries kept in the cache; the oldest go first when it is full.</summary>
    public int CacheCapacity { get; init; } = 1024;

    /// <summary>
    /// Parses a server as configured in <c>Sip:DnsServers:N</c>: <c>address</c>, <c>address:port</c> or
    /// <c>[ipv6]:port</c>; the port defaults to 53.
    /// </summary>
    public static bool TryParseServer(string? text, out IPEndPoint? server)
    {
        server = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (IPAddress.TryParse(value, out var bare) && !value.StartsWith('['))
        {
            server = new IPEndPoint(bare, 53);
            return true;
        }

        if (IPEndPoint.TryParse(value, out var endPoint))
        {
            server = endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint;
            return true;
        }

        return false;
    }
}
