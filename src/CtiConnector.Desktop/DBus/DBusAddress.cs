using System.Net.Sockets;
using System.Text;

namespace CtiConnector.Desktop.DBus;

/// <summary>
/// The session bus address: <c>DBUS_SESSION_BUS_ADDRESS</c> (e.g. <c>unix:path=/run/user/1000/bus</c> or
/// <c>unix:abstract=/tmp/dbus-XYZ,guid=...</c>; several separated by <c>;</c>), else <c>$XDG_RUNTIME_DIR/bus</c>.
/// Only Unix socket transports are understood (the ones desktops use).
/// </summary>
public static class DBusAddress
{
    /// <summary>The Unix socket endpoints named by <paramref name="address"/>, in order; values are %-unescaped.</summary>
    public static IReadOnlyList<UnixDomainSocketEndPoint> Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoints = new List<UnixDomainSocketEndPoint>();
        foreach (var entry in address.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !entry[..colon].Equals("unix", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var pair in entry[(colon + 1)..].Split(','))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0)
                {
                    continue;
                }

                var key = pair[..equals];
                var value = Unescape(pair[(equals + 1)..]);
                if (key == "path")
                {
                    endpoints.Add(new UnixDomainSocketEndPoint(value));
                }
                else if (key == "abstract")
                {
                    endpoints.Add(new UnixDomainSocketEndPoint("\0" + value));
                }
            }
        }

        return endpoints;
    }

    /// <summary>The session bus address of this process's environment, or null when there is none.</summary>
    public static string? Session()
    {
        var address = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        if (!string.IsNullOrWhiteSpace(address))
        {
            return address;
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && File.Exists(Path.Combine(runtime, "bus")))
        {
            return "unix:path=" + Path.Combine(runtime, "bus");
        }

        return null;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
