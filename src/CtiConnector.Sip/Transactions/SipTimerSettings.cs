namespace CtiConnector.Sip.Transactions;

/// <summary>The timer values of RFC 3261 §17.1.1.1 and Table 4.</summary>
public sealed record SipTimerSettings
{
    /// <summary>RTT estimate: 500 ms by default.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest retransmit interval for non-INVITE requests and INVITE responses: 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Longest a message stays in the network: 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait for response retransmits after a final INVITE response over UDP (Timer D): at least 32 s.</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>64·T1: Timers B, F, H, J, L, M.</summary>
    public TimeSpan Timeout64 => T1 * 64;

    public static SipTimerSettings Default { get; } = new();
}
