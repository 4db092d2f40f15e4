using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// One account's registration (RFC 3261 §10). Example:
/// <code>
/// new RegistrationOptions
/// {
///     Aor = SipUri.Parse("sip:alice@127.0.0.1:5080"),
///     Registrar = SipUri.Parse("sip:127.0.0.1:5080"),
///     Credentials = [new SipCredentials("alice", "secret")],
///     Transport = TransportKind.Tcp,
/// }
/// </code>
/// </summary>
public sealed class RegistrationOptions
{
    /// <summary>The address of record: To and From of every REGISTER.</summary>
    public required SipUri Aor { get; init; }

    /// <summary>The registrar (Request-URI of REGISTER); null means this account does not register.</summary>
    public SipUri? Registrar { get; init; }

    /// <summary>Credentials for the registrar's (and the outbound proxy's) digest challenges, per realm or for any realm.</summary>
    public IReadOnlyList<SipCredentials> Credentials { get; init; } = [];

    public TransportKind Transport { get; init; } = TransportKind.Udp;

    /// <summary>The registration lifetime asked for, in seconds (some providers require 1800 or more).</summary>
    public int Expires { get; init; } = 3600;

    /// <summary>When set, REGISTER goes to this proxy (with a loose Route to it) instead of the registrar.</summary>
    public SipUri? OutboundProxy { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>The user part of our Contact; the AoR's user when null.</summary>
    public string? ContactUser { get; init; }

    /// <summary>Share of the granted lifetime after which the registration is refreshed.</summary>
    public double RefreshFraction { get; init; } = 0.85;

    /// <summary>First delay before retrying after a failure; doubled at each failure in a row.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Up to this share of each retry delay is taken off at random, so accounts that failed together (a registrar
    /// restart) do not all come back in the same instant.
    /// </summary>
    public double RetryJitter { get; init; } = 0.2;

    /// <summary>The longest delay between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long <see cref="RegistrationClient.StopAsync"/> waits for the registrar to confirm the unregistration.</summary>
    public TimeSpan UnregisterTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Keep-alives toward the registrar while registered (RFC 5626 §4.4.1): null for the default of the transport
    /// (about 25 s on UDP, 100 s on TCP/TLS), <see cref="TimeSpan.Zero"/> for none.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>
    /// Our public address and port as a STUN server sees the SIP socket, written in Contact and Via instead of the
    /// socket's own; null uses the socket's (and the registrar's <c>received</c>/<c>rport</c> may still correct it).
    /// </summary>
    public System.Net.IPEndPoint? PublicEndPoint { get; init; }

    /// <summary>The User-Agent header value.</summary>
    public string UserAgent { get; init; } = "CTI Connector";
}
