using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>What an outgoing call needs: who calls whom, how, and the SDP offer.</summary>
public sealed class OutgoingCallOptions
{
    public required SipUri Target { get; init; }

    /// <summary>Our identity (the account's AoR and display name); a tag is added.</summary>
    public required NameAddress From { get; init; }

    /// <summary>The SDP offer to send, or null to send an INVITE without one (the offer then comes in the 2xx).</summary>
    public string? SdpOffer { get; init; }

    public IReadOnlyList<SipCredentials> Credentials { get; init; } = [];

    /// <summary>
    /// The account's transport, used when the next hop's URI names none (RFC 3263 §4.1: tried first among the DNS
    /// choices, and the transport of a numeric host); UDP when null.
    /// </summary>
    public TransportKind? Transport { get; init; }

    /// <summary>Send through this proxy first (a pre-loaded Route with <c>lr</c>), e.g. the provider's outbound proxy.</summary>
    public SipUri? OutboundProxy { get; init; }

    /// <summary>Our Contact's address and port when not the socket's own (see <see cref="InviteSession.ContactEndPoint"/>).</summary>
    public System.Net.IPEndPoint? ContactEndPoint { get; init; }

    /// <summary>Extra headers (a Replaces for attended transfer, a Referred-By...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];
}
