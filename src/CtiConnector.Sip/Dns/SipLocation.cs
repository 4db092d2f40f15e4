using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Dns;

/// <summary>
/// What <see cref="SipServerLocator"/> found for a URI: the targets in the order to try them (RFC 3263 §4), or,
/// when there are none, the reason.
/// </summary>
public sealed record SipLocation(IReadOnlyList<SipEndPoint> Targets, string? Failure = null)
{
    public bool Found => Targets.Count > 0;

    /// <summary>A walker over <see cref="Targets"/> for failover (RFC 3263 §4.3).</summary>
    public SipTargetList ToTargetList() => new(Targets);
}
