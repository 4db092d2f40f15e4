using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Telephony;

/// <summary>An account at run time: its options, parsed URIs and registration state.</summary>
internal sealed class AccountState
{
    public AccountState(AccountOptions options)
    {
        Options = options;
        Aor = SipUri.TryParse(options.Aor, out var aor) && aor.IsSip
            ? aor
            : throw new TelephonyException("bad-config", $"Sip:Accounts:{options.Id}:Aor '{options.Aor}' is not a SIP URI (sip:user@domain).");
        if (!string.IsNullOrWhiteSpace(options.Registrar))
        {
            Registrar = SipUri.TryParse(options.Registrar.Contains(':', StringComparison.Ordinal) && options.Registrar.StartsWith("sip", StringComparison.OrdinalIgnoreCase) ? options.Registrar : "sip:" + options.Registrar, out var registrar)
                ? registrar
                : throw new TelephonyException("bad-config", $"Sip:Accounts:{options.Id}:Registrar '{options.Registrar}' is not a SIP URI or host.");
        }

        if (!string.IsNullOrWhiteSpace(options.OutboundProxy))
        {
            OutboundProxy = SipUri.TryParse(options.OutboundProxy.StartsWith("sip", StringComparison.OrdinalIgnoreCase) ? options.OutboundProxy : "sip:" + options.OutboundProxy, out var proxy)
                ? proxy
                : throw new TelephonyException("bad-config", $"Sip:Accounts:{options.Id}:OutboundProxy '{options.OutboundProxy}' is not a SIP URI or host.");
        }

        Info = new AccountInfo(options.Id, Aor.ToString(), RegistrationState.Unregistered, Registrar is null ? "no registrar configured" : null)
        {
            Preset = options.Preset,
        };
    }

    public AccountOptions Options { get; }

    public SipUri Aor { get; }

    public SipUri? Registrar { get; }

    public SipUri? OutboundProxy { get; }

    public AccountInfo Info { get; set; }

    /// <summary>The running registration, when the account registers.</summary>
    public IAsyncDisposable? Registration { get; set; }
}
