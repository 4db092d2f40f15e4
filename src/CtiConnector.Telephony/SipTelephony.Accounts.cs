using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Invite;

namespace CtiConnector.Telephony;

/// <summary>Accounts: which one a call uses, where a dialled string goes.</summary>
public sealed partial class SipTelephony
{
    /// <summary>Names of the built-in test line.</summary>
    private static readonly string[] s_echoNames = ["echo", "*43"];

    /// <summary>
    /// Turns what the core hands over into a URI: the test line, a SIP URI, <c>user@domain</c>, or a number or user
    /// that goes to the account's domain (<c>sip:NUMBER@domain-of-the-AOR</c>, PRODUCT.md).
    /// </summary>
    private SipUri ResolveTarget(string to, AccountState? account)
    {
        var text = to.Trim();
        if (s_echoNames.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return _echoLine?.Uri.Clone() ?? throw new TelephonyException("bad-target", "The built-in test line is turned off.");
        }

        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            return SipUri.TryParse(text, out var uri) && uri.IsSip
                ? uri
                : throw new TelephonyException("bad-target", $"'{text}' is not a valid SIP URI.");
        }

        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..].Split(';')[0];
        }

        // An e-mail-style address (jane@example.org) is called at its SIP URI, sip:jane@example.org (the SIP.edu idea).
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return !text.AsSpan().ContainsAny(" \t<>\"") && SipUri.TryParse("sip:" + text, out var address) && address.User is { Length: > 0 }
                ? address
                : throw new TelephonyException("bad-target", $"'{text}' is neither a phone number nor an address such as jane@example.org.");
        }

        if (account is null)
        {
            throw new TelephonyException(
                "no-account",
                "No SIP account is configured: dial a SIP address (sip:user@192.0.2.10), or 'echo' for the built-in test line.");
        }

        var user = SipUri.EscapeUser(text);
        var target = SipUri.Sip(user, account.Aor.Host, account.Aor.Port, account.Aor.IsSecure);
        if (account.Aor.Transport is { } transport)
        {
            target.Parameters.Set("transport", transport);
        }
        else if (!account.Aor.IsSecure && account.Options.Transport is "tcp" or "tls")
        {
            // The account's transport carries its calls too, not only its registration.
            target.Parameters.Set("transport", account.Options.Transport);
        }

        return target;
    }

    /// <summary>The account an incoming call is for: the one whose user part the Request-URI or To names, else the first.</summary>
    private AccountState? MatchAccount(InviteSession session)
    {
        lock (_accounts)
        {
            var to = session.Dialog?.Local.Uri;
            return _accounts.FirstOrDefault(a => to is not null && string.Equals(a.Aor.User, to.User, StringComparison.Ordinal))
                ?? _accounts.FirstOrDefault();
        }
    }

    private void SetAccountState(AccountState account, RegistrationState state, string? reason)
    {
        AccountInfo info;
        lock (_accounts)
        {
            if (account.Info.State == state && account.Info.Reason == reason)
            {
                return;
            }

            account.Info = account.Info with { State = state, Reason = reason };
            info = account.Info;
        }

        Emit(new RegistrationChanged(_time.GetUtcNow(), info));
    }
}
