namespace CtiConnector.Core.Calls;

/// <summary>
/// A refusal of the command layer with a stable <see cref="Code"/> that doors map to their own error shape:
/// <c>bad-target</c>, <c>bad-request</c>, <c>no-such-call</c>, <c>not-found</c>, <c>invalid-state</c>,
/// <c>unsupported-media-type</c>, <c>unavailable</c> (no telephony layer), <c>telephony</c> (the telephony layer refused; <see cref="Exception.Message"/> says why).
/// </summary>
public sealed class CallCenterException : Exception
{
    public CallCenterException(string code, string message) : base(message) => Code = code;

    public CallCenterException(string code, string message, Exception innerException) : base(message, innerException) => Code = code;

    public CallCenterException() : this("error", "The command failed.") { }

    public CallCenterException(string message) : this("error", message) { }

    public CallCenterException(string message, Exception innerException) : this("error", message, innerException) { }

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}
