namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// A registration's state with a reason a person can read, e.g. <c>failed: no response from 127.0.0.1:5080</c>
/// or <c>failed: 403 Forbidden from 127.0.0.1:5080</c>.
/// </summary>
/// <param name="State">The state.</param>
/// <param name="Reason">Why, in words (never null).</param>
/// <param name="At">When the state was entered (from the client's <see cref="TimeProvider"/>).</param>
/// <param name="Expires">The lifetime the registrar granted, when registered.</param>
/// <param name="RetryAt">When the next attempt is due, when failed and retrying; null for a failure that needs the user.</param>
public sealed record RegistrationStatus(
    RegistrationState State,
    string Reason,
    DateTimeOffset At,
    TimeSpan? Expires = null,
    DateTimeOffset? RetryAt = null)
{
    /// <summary><c>registered</c>, <c>failed: no response from 127.0.0.1:5080</c>...</summary>
    public override string ToString() => State switch
    {
        RegistrationState.Registered => "registered",
        RegistrationState.Unregistered => "unregistered",
        RegistrationState.Registering => "registering",
        _ => "failed: " + Reason,
    };
}
