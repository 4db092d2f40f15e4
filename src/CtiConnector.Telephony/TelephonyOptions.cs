using System.Net;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Telephony;

/// <summary>The telephony layer's configuration (from <c>Sip:*</c> and <c>Audio:*</c>).</summary>
public sealed class TelephonyOptions
{
    /// <summary><c>Sip:Address</c>: the address SIP and RTP bind to.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary><c>Sip:Port</c>: UDP and TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 5060;

    public IReadOnlyList<AccountOptions> Accounts { get; set; } = [];

    /// <summary>
    /// <c>Sip:DnsServers:N</c>: the DNS servers asked for registrars' and callees' host names (RFC 3263), in order;
    /// empty means the system's (<c>/etc/resolv.conf</c> on Linux).
    /// </summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; set; } = [];

    /// <summary><c>Audio:Device</c>: <c>default</c>, <c>null</c>, <c>file:IN.wav,OUT.wav</c>, <c>echo</c> or a device name.</summary>
    public string AudioDevice { get; set; } = "default";

    /// <summary>First and last RTP port (<c>Rtp:PortMin</c>, <c>Rtp:PortMax</c>).</summary>
    public int RtpPortMin { get; set; } = 16384;

    public int RtpPortMax { get; set; } = 32766;

    /// <summary>An outgoing call that nobody answers is cancelled after this long (disposition <c>no-answer</c>).</summary>
    public TimeSpan NoAnswerTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Largest number of simultaneous calls; more incoming calls are answered busy.</summary>
    public int MaxCalls { get; set; } = 4;

    /// <summary>Runs the built-in test line (dial <c>echo</c> or <c>*43</c>).</summary>
    public bool EnableEchoLine { get; set; } = true;

    /// <summary>
    /// <c>Sip:TlsCaFile</c>: a PEM file of CA certificates trusted for TLS in addition to the system store (a PBX with its
    /// own CA); null trusts the system store alone.
    /// </summary>
    public string? TlsCaFile { get; set; }

    /// <summary>
    /// <c>Sip:KeepAliveSeconds</c>: keep-alives toward each registrar while registered (RFC 5626); null for about 25 s
    /// on UDP and 100 s on TCP/TLS, 0 for none.
    /// </summary>
    public int? KeepAliveSeconds { get; set; }

    /// <summary>
    /// <c>Sip:StunServer</c>: <c>host:port</c> of a STUN server (port 3478 when left out) that tells the SIP socket and
    /// each call's RTP socket their public address, for Contact, Via and SDP behind a NAT; null for none.
    /// </summary>
    public string? StunServer { get; set; }

    /// <summary>User-Agent / Server header value.</summary>
    public string Product { get; set; } = "CTI-Connector";
}

/// <summary>One SIP account (<c>Sip:Accounts:N:*</c>).</summary>
public sealed class AccountOptions
{
    /// <summary>Stable id used by the API (<c>account</c> in <c>POST /v1/calls</c>); defaults to the index.</summary>
    public required string Id { get; init; }

    /// <summary>Address of record, e.g. <c>sip:0123456789@freephonie.net</c>.</summary>
    public required string Aor { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Registrar URI; empty means no registration (calls still go out through the AoR's domain or the proxy).</summary>
    public string? Registrar { get; init; }

    /// <summary><c>udp</c>, <c>tcp</c> or <c>tls</c>.</summary>
    public string Transport { get; init; } = "udp";

    public int Expires { get; init; } = 3600;

    public string? DisplayName { get; init; }

    /// <summary>An outbound proxy every request goes through.</summary>
    public string? OutboundProxy { get; init; }

    /// <summary>The provider preset the account was filled from (<c>Sip:Accounts:N:Preset</c>), or null.</summary>
    public string? Preset { get; init; }

    /// <summary>Codec order of this account's offers and answers (<c>Sip:Accounts:N:Codecs</c>); null keeps the media default.</summary>
    public IReadOnlyList<AudioCodec>? Codecs { get; init; }

    /// <summary>
    /// <c>Sip:Accounts:N:MediaEncryption</c>: <c>none</c> (plain RTP offered, SRTP accepted when offered),
    /// <c>sdes</c> (SRTP offered), <c>sdes-required</c> (SRTP offered, plain RTP refused).
    /// </summary>
    public MediaEncryption MediaEncryption { get; init; } = MediaEncryption.None;
}
