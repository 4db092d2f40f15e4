using System.Net;

namespace CtiConnector.Sip.Dns;

/// <summary>The name servers the operating system is configured with.</summary>
public static class SystemDnsServers
{
    private const string ResolvConf = "/etc/resolv.conf";

    /// <summary>
    /// On Linux and other Unix systems, the <c>nameserver</c> lines of <c>/etc/resolv.conf</c> (resolv.conf(5)), port 53.
    /// Elsewhere (Windows), none: the servers must be configured with <c>Sip:DnsServers:N</c>, and queries say so.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Get()
    {
        if (OperatingSystem.IsWindows() || !File.Exists(ResolvConf))
        {
            return [];
        }

        try
        {
            return Parse(File.ReadAllLines(ResolvConf));
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Reads <c>nameserver ADDRESS</c> lines; comments (# or ;) and other keywords are ignored.</summary>
    public static IReadOnlyList<IPEndPoint> Parse(IEnumerable<string> lines)
    {
        var servers = new List<IPEndPoint>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (!line.StartsWith("nameserver", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0] != "nameserver")
            {
                continue;
            }

            // An IPv6 address may carry a zone (fe80::1%eth0), which IPAddress.TryParse accepts.
            if (IPAddress.TryParse(parts[1], out var address))
            {
                servers.Add(new IPEndPoint(address, 53));
            }
        }

        return servers;
    }

    /// <summary>The message of a query made with no server configured.</summary>
    internal const string NoneConfigured =
        "No DNS server is configured: none was given in Sip:DnsServers:N and the system has none (/etc/resolv.conf on Linux; not read on Windows).";
}
