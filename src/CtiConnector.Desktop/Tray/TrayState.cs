using CtiConnector.Core.Calls;
using CtiConnector.Core.Model;

namespace CtiConnector.Desktop.Tray;

/// <summary>
/// The tray icon's picture, tooltip and menu for an agent state: the platform-neutral half of the tray (the Win32 half
/// only draws it). Words in French or English.
/// </summary>
public sealed record TrayState(TrayIconKind Icon, string Tooltip, IReadOnlyList<TrayMenuItem> Menu)
{
    /// <summary>Windows keeps at most 127 characters of a tray tooltip.</summary>
    public const int MaxTooltip = 127;

    public static TrayState From(AgentStatus status, string language)
    {
        ArgumentNullException.ThrowIfNull(status);
        var french = string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase);
        var live = status.Calls.Count(c => c.State != CallState.Ended);
        var icon = live > 0 ? TrayIconKind.InCall
            : status.DoNotDisturb ? TrayIconKind.DoNotDisturb
            : status.Accounts.Any(a => a.State == RegistrationState.Failed) ? TrayIconKind.Failed
            : status.Accounts.Any(a => a.State == RegistrationState.Registering) ? TrayIconKind.Registering
            : status.Accounts.Any(a => a.State == RegistrationState.Registered) ? TrayIconKind.Registered
            : TrayIconKind.Idle;

        var line = icon switch
        {
            TrayIconKind.InCall => french ? (live == 1 ? "1 appel en cours" : $"{live} appels en cours") : (live == 1 ? "1 call in progress" : $"{live} calls in progress"),
            TrayIconKind.DoNotDisturb => french ? "Ne pas déranger" : "Do not disturb",
            TrayIconKind.Failed => Failure(status.Accounts.First(a => a.State == RegistrationState.Failed), french),
            TrayIconKind.Registering => french ? "Enregistrement…" : "Registering…",
            TrayIconKind.Registered => french ? "Ligne prête" : "Line ready",
            _ => french ? "Aucune ligne enregistrée" : "No line registered",
        };
        var tooltip = "CTI Connector — " + line;
        if (tooltip.Length > MaxTooltip)
        {
            tooltip = tooltip[..(MaxTooltip - 1)] + "…";
        }

        var menu = new List<TrayMenuItem>
        {
            new(french ? "Ouvrir CTI Connector" : "Open CTI Connector", TrayCommand.OpenWindow),
            new(french ? "Composer un numéro…" : "Dial…", TrayCommand.Dial),
            new(french ? "Ne pas déranger" : "Do not disturb", TrayCommand.ToggleDoNotDisturb, status.DoNotDisturb),
            TrayMenuItem.Separator,
        };
        foreach (var account in status.Accounts)
        {
            menu.Add(new TrayMenuItem($"{account.Aor}: {StateWord(account.State, french)}", null));
        }

        if (status.Accounts.Count > 0)
        {
            menu.Add(TrayMenuItem.Separator);
        }

        menu.Add(new TrayMenuItem(french ? "Quitter" : "Quit", TrayCommand.Quit));
        return new TrayState(icon, tooltip, menu);
    }

    private static string Failure(AccountInfo account, bool french)
    {
        var reason = string.IsNullOrWhiteSpace(account.Reason) ? string.Empty : $" ({account.Reason})";
        return (french ? "Ligne en échec : " : "Line down: ") + account.Aor + reason;
    }

    private static string StateWord(RegistrationState state, bool french) => state switch
    {
        RegistrationState.Registered => french ? "enregistré" : "registered",
        RegistrationState.Registering => french ? "enregistrement…" : "registering…",
        RegistrationState.Failed => french ? "échec" : "failed",
        _ => french ? "non enregistré" : "unregistered",
    };
}
