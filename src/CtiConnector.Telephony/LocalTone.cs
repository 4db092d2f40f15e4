namespace CtiConnector.Telephony;

/// <summary>The tones a call plays to the local device before it is answered.</summary>
internal enum LocalTone
{
    /// <summary>No tone: the call's own audio, or silence.</summary>
    None,

    /// <summary>An incoming call rings (440 + 480 Hz, 1 s on, 3 s off).</summary>
    Ring,

    /// <summary>The far end rings and sends no early media (440 Hz, 2 s on, 4 s off).</summary>
    Ringback,
}
