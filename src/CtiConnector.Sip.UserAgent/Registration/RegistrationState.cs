namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>Where an account's registration stands.</summary>
public enum RegistrationState
{
    /// <summary>Not registered, and not trying (not started, stopped, or no registrar configured).</summary>
    Unregistered,

    /// <summary>A REGISTER is on its way and no registration is held yet.</summary>
    Registering,

    /// <summary>The registrar accepted our contact; it is refreshed before it expires.</summary>
    Registered,

    /// <summary>The last attempt failed; <see cref="RegistrationStatus.RetryAt"/> says when the next one is, if any.</summary>
    Failed,
}
