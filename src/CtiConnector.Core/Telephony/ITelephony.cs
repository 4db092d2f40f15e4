using CtiConnector.Core.Model;

namespace CtiConnector.Core.Telephony;

/// <summary>
/// The port the command layer drives calls through. Implemented by the telephony layer
/// (SIP user agent + media); the core never sees SIP. Call ids are chosen by the core for
/// outgoing calls (<see cref="DialRequest.CallId"/>) and by the telephony layer for incoming ones.
/// Events are delivered to the listener in order, per call, on the telephony layer's threads:
/// listeners must return quickly.
/// </summary>
public interface ITelephony
{
    /// <summary>Accounts with their current registration state.</summary>
    IReadOnlyList<AccountInfo> Accounts { get; }

    /// <summary>Sets the one listener that receives every <see cref="TelephonyEvent"/>.</summary>
    void SetListener(Action<TelephonyEvent> listener);

    /// <summary>
    /// Places a call. Returns once the INVITE is on the wire (or throws <see cref="TelephonyException"/> when the
    /// target cannot be dialled: no such account, unusable address...).
    /// </summary>
    Task DialAsync(DialRequest request, CancellationToken cancellationToken);

    Task AnswerAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Ends a call in any state: cancels an outgoing call, declines a ringing incoming call, hangs up an active one.</summary>
    Task HangupAsync(string callId, CancellationToken cancellationToken);

    Task HoldAsync(string callId, CancellationToken cancellationToken);

    Task ResumeAsync(string callId, CancellationToken cancellationToken);

    Task SetMuteAsync(string callId, bool muted, CancellationToken cancellationToken);

    Task SendDtmfAsync(string callId, string digits, CancellationToken cancellationToken);

    /// <summary>Blind transfer to <paramref name="target"/>, or attended when <paramref name="consultCallId"/> names a second call.</summary>
    Task TransferAsync(string callId, string target, string? consultCallId, CancellationToken cancellationToken);

    /// <summary>Sets do-not-disturb: incoming calls are answered busy (and still reported, as missed).</summary>
    void SetDoNotDisturb(bool enabled);

    /// <summary>
    /// Registers an account again from scratch (the user's "test" of a line): its state goes through
    /// <c>registering</c> to <c>registered</c> or <c>failed</c> with the reason. Throws <c>no-such-account</c>.
    /// </summary>
    Task RegisterAgainAsync(string accountId, CancellationToken cancellationToken);
}

/// <summary>An outgoing call. <see cref="To"/> is a number, a <c>sip:</c>/<c>tel:</c> URI, or <c>user@domain</c>.</summary>
public sealed record DialRequest(string CallId, string To, string? AccountId);

/// <summary>A refusal from the telephony layer, with a stable <see cref="Code"/> (e.g. <c>no-such-call</c>, <c>bad-target</c>, <c>invalid-state</c>).</summary>
public sealed class TelephonyException : Exception
{
    public TelephonyException(string code, string message) : base(message) => Code = code;

    public TelephonyException() : this("error", "Telephony error.") { }

    public TelephonyException(string message) : this("error", message) { }

    public TelephonyException(string message, Exception innerException) : base(message, innerException) => Code = "error";

    public string Code { get; }
}
