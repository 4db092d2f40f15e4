using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// One Via value (RFC 3261 §20.42, RFC 3581 rport).
/// <example><c>SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK776asdhds;rport</c></example>
/// </summary>
public sealed class ViaHeader
{
    /// <summary>The branch prefix of RFC 3261 transactions (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, string branch)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters.Set("branch", branch);
    }

    private ViaHeader()
    {
    }

    /// <summary>Upper-case transport: UDP, TCP, TLS, WS...</summary>
    public string Transport { get; set; } = "UDP";

    /// <summary>Sent-by host, without IPv6 brackets.</summary>
    public string Host { get; set; } = string.Empty;

    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    public string? Branch => Parameters["branch"];

    public string? Received => Parameters["received"];

    /// <summary>The rport value when filled in by the server; null when absent or empty.</summary>
    public int? RPort =>
        int.TryParse(Parameters["rport"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    public bool HasRPort => Parameters.Contains("rport");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ViaHeader? via)
    {
        via = null;
        if (text is null)
        {
            return false;
        }

        // RFC 3261 §20.42: sent-protocol = "SIP" / "2.0" / transport, LWS allowed around the slashes.
        var span = text.AsSpan();
        if (!NextToken(ref span, out var protocol) || !protocol.Equals("SIP", StringComparison.OrdinalIgnoreCase)
            || !Slash(ref span) || !NextToken(ref span, out var version) || !version.SequenceEqual("2.0")
            || !Slash(ref span) || !NextToken(ref span, out var transport))
        {
            return false;
        }

        span = span.TrimStart();
        var semi = span.IndexOf(';');
        var sentBy = (semi >= 0 ? span[..semi] : span).Trim();
        if (!SipUri.TryParseHostPort(sentBy, out var host, out var port))
        {
            return false;
        }

        var result = new ViaHeader { Transport = TransportString(transport), Host = host, Port = port };
        if (semi >= 0 && !SipParameters.TryParse(span[semi..], result.Parameters))
        {
            return false;
        }

        via = result;
        return true;
    }

    private static bool NextToken(ref ReadOnlySpan<char> span, out ReadOnlySpan<char> token)
    {
        span = span.TrimStart();
        var end = 0;
        while (end < span.Length && span[end] < 0x80 && SipMethods.IsTokenChar((byte)span[end]))
        {
            end++;
        }

        token = span[..end];
        span = span[end..];
        return end > 0;
    }

    private static bool Slash(ref ReadOnlySpan<char> span)
    {
        span = span.TrimStart();
        if (span.IsEmpty || span[0] != '/')
        {
            return false;
        }

        span = span[1..];
        return true;
    }

    /// <summary>The shared upper-case string for the usual transports (no allocation), a new one otherwise.</summary>
    private static string TransportString(ReadOnlySpan<char> transport)
    {
        foreach (var known in (ReadOnlySpan<string>)["UDP", "TCP", "TLS", "WS", "WSS", "SCTP"])
        {
            if (transport.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return transport.ToString().ToUpperInvariant();
    }

    public override string ToString()
    {
        var builder = new StringBuilder(80);
        builder.Append("SIP/2.0/").Append(Transport).Append(' ');
        builder.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
