namespace CtiConnector.Core.Model;

/// <summary>An account and its registration state; <see cref="Reason"/> is a sentence a user can act on
/// (for example <c>failed: 403 Forbidden from 127.0.0.1:5080</c>).</summary>
public sealed record AccountInfo(string Id, string Aor, RegistrationState State, string? Reason)
{
    /// <summary>The provider preset the account was filled from (<c>free</c>, <c>asterisk</c>...), or null.</summary>
    public string? Preset { get; init; }
}
