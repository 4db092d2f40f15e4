using CtiConnector.Shared;

namespace CtiConnector.Sip.Messages;

/// <summary>Random tags, branches and Call-IDs (RFC 3261 §19.3: globally unique, cryptographically random).</summary>
public static class SipIdentifiers
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewTag() => Random(10);

    /// <summary>A branch with the RFC 3261 magic cookie (§8.1.1.7).</summary>
    public static string NewBranch() => ViaHeader.MagicCookie + Random(16);

    public static string NewCallId() => Random(24);

    private static string Random(int length) => SystemRandom.GetString(Alphabet, length);
}
