namespace CtiConnector.Sip.Authentication;

/// <summary>A user name and password, for one realm or (when <see cref="Realm"/> is null) for any.</summary>
public sealed record SipCredentials(string Username, string Password, string? Realm = null)
{
    public override string ToString() => $"{Username} (realm {Realm ?? "any"})";
}
