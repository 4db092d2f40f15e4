namespace CtiConnector.Core.Model;

/// <summary>Registration state of an account: <c>unregistered</c>, <c>registering</c>, <c>registered</c>, <c>failed</c>.</summary>
public enum RegistrationState
{
    Unregistered,
    Registering,
    Registered,
    Failed,
}
