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

        var span = text.AsSpan().Trim();

        // sent-protocol = "SIP" / "2.0" / transport, LWS allowed around the slashes.
        var parts = new string[3];
        for (var p = 0; p < 3; p++)
        {
            span = span.TrimStart();
            var end = 0;
            while (end < span.Length && (char.IsAsciiLetterOrDigit(span[end]) || span[end] is '.' or '-' or '_' or '!' or '%' or '*' or '+' or '`' or '\'' or '~'))
            {
                end++;
            }

            if (end == 0)
            {
                return false;
            }

            parts[p] = span[..end].ToString();
            span = span[end..].TrimStart();
            if (p < 2)
            {
                if (span.IsEmpty || span[0] != '/')
                {
                    return false;
                }

                span = span[1..];
            }
        }

        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase) || parts[1] != "2.0")
        {
            return false;
        }

        span = span.TrimStart();
        var semi = span.IndexOf(';');
        var sentBy = (semi >= 0 ? span[..semi] : span).Trim();
        var result = new ViaHeader { Transport = parts[2].ToUpperInvariant() };
        if (!SipUri.TryParse("sip:" + sentBy.ToString(), out var hostPort) || hostPort.User is not null || hostPort.Parameters.Count > 0)
        {
            return false;
        }

        result.Host = hostPort.Host;
        result.Port = hostPort.Port;
        if (semi >= 0 && !SipParameters.TryParse(span[semi..], result.Parameters))
        {
            return false;
        }

        via = result;
        return true;
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
