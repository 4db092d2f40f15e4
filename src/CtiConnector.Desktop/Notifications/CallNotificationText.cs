using CtiConnector.Core.Model;

namespace CtiConnector.Desktop.Notifications;

/// <summary>
/// The words of an incoming-call notification, in French or English. The language comes from the POSIX locale
/// variables (the agent runs with invariant globalization, so <c>CultureInfo</c> cannot tell).
/// </summary>
public static class CallNotificationText
{
    public const string AnswerKey = "answer";
    public const string DeclineKey = "decline";
    public const string OpenKey = "default";
    public const string OpenCrmKey = "open-crm";

    /// <summary>
    /// Summary: the contact's name, else the caller's display name, else the number. Body: "Incoming call", the company
    /// and the number. Actions: Answer, Decline, Open in CRM (when the contact has a CRM link), and a click opens the popup.
    /// </summary>
    public static DesktopNotification ForIncoming(CallInfo call, string language)
    {
        ArgumentNullException.ThrowIfNull(call);
        var french = language.Equals("fr", StringComparison.OrdinalIgnoreCase);
        var number = call.Remote.E164 ?? call.Remote.Raw;
        var name = call.Contact?.Name ?? call.Remote.DisplayName;
        var summary = string.IsNullOrWhiteSpace(name) ? number : name!;
        var lines = new List<string> { call.Waiting ? (french ? "Double appel (répondre met l’appel en cours en attente)" : "Call waiting (answering holds your current call)") : french ? "Appel entrant" : "Incoming call" };
        if (!string.IsNullOrWhiteSpace(call.Contact?.Company))
        {
            lines.Add(call.Contact!.Company!);
        }

        if (!string.Equals(summary, number, StringComparison.Ordinal))
        {
            lines.Add(number);
        }

        var actions = new List<(string, string)>
        {
            (AnswerKey, french ? "Répondre" : "Answer"),
            (DeclineKey, french ? "Refuser" : "Decline"),
        };
        if (call.Contact?.CrmUrl is { Length: > 0 })
        {
            actions.Add((OpenCrmKey, french ? "Ouvrir dans le CRM" : "Open in CRM"));
        }

        actions.Add((OpenKey, french ? "Ouvrir" : "Open"));
        return new DesktopNotification(summary, string.Join('\n', lines))
        {
            Actions = actions,
            Urgency = 2,
            ExpireTimeoutMilliseconds = 0,
            Category = "x-cti-connector.call",
            DesktopEntry = "cti-connector",
            Resident = true,
        };
    }

    /// <summary>
    /// The user's language from <c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c> (first set wins, e.g. <c>fr_FR.UTF-8</c> → <c>fr</c>);
    /// <c>en</c> when none is set or it is <c>C</c>/<c>POSIX</c>.
    /// </summary>
    public static string LanguageFromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        foreach (var name in (string[])["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            var value = variable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var end = value.IndexOfAny(['_', '.', '@', '-']);
            var language = (end < 0 ? value : value[..end]).ToLowerInvariant();
            return language is "c" or "posix" ? "en" : language;
        }

        return "en";
    }
}
