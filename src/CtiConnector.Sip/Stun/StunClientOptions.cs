namespace CtiConnector.Sip.Stun;

/// <summary>
/// Retransmission of Binding requests over UDP (RFC 5389 §7.2.1): the first after <see cref="InitialRto"/>, each
/// next one after twice the previous wait, <see cref="MaxRequests"/> in all, then <see cref="FinalWaitFactor"/> × RTO
/// for the last answer. The RFC's defaults (RTO 500 ms, Rc 7, Rm 16) give up after 39.5 s, far too long to hold a
/// call's offer; these give up after 2.75 s.
/// </summary>
public sealed class StunClientOptions
{
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(250);

    public int MaxRequests { get; init; } = 4;

    public int FinalWaitFactor { get; init; } = 4;

    /// <summary>SOFTWARE attribute of each request; null sends none.</summary>
    public string? Software { get; init; } = "CTI Connector";

    /// <summary>Add a FINGERPRINT to requests (RFC 5389 §15.5), so the server can tell them from other traffic on the port.</summary>
    public bool Fingerprint { get; init; } = true;
}
