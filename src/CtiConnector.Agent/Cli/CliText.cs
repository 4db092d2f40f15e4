using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Agent.Cli;

/// <summary>Human-readable renderings of the agent's answers (the JSON shapes of the API).</summary>
public static class CliText
{
    public static string Format(string command, JsonElement value) => command switch
    {
        "status" => Status(value),
        "dnd" => value.GetProperty("doNotDisturb").GetBoolean() ? "Do not disturb is on: incoming calls get busy." : "Do not disturb is off.",
        "calls" => value.GetArrayLength() == 0 ? "No live call." : string.Join(Environment.NewLine, value.EnumerateArray().Select(Call)),
        "history" => value.GetArrayLength() == 0 ? "No call in the history." : string.Join(Environment.NewLine, value.EnumerateArray().Select(History)),
        "contacts.lookup" or "contacts.search" => value.GetArrayLength() == 0 ? "No contact." : string.Join(Environment.NewLine, value.EnumerateArray().Select(Contact)),
        "plugins" => value.GetArrayLength() == 0 ? "No plugin found." : string.Join(Environment.NewLine, value.EnumerateArray().Select(Plugin)),
        "contacts.import" => $"Imported: {value.GetProperty("inserted").GetInt32()} new, {value.GetProperty("updated").GetInt32()} updated.",
        _ when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("state", out _) => Call(value),
        _ => value.GetRawText(),
    };

    private static string Plugin(JsonElement plugin)
    {
        var reason = plugin.GetProperty("reason").GetString();
        var capabilities = string.Join(",", plugin.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        return $"{plugin.GetProperty("id").GetString()}  {plugin.GetProperty("state").GetString()}  {capabilities}{(reason is null ? string.Empty : $"  ({reason})")}";
    }

    private static string Status(JsonElement status)
    {
        var text = new StringBuilder().Append("CTI Connector ").Append(status.GetProperty("version").GetString());
        foreach (var account in status.GetProperty("accounts").EnumerateArray())
        {
            text.AppendLine().Append("account ").Append(account.GetProperty("id").GetString()).Append(' ')
                .Append(account.GetProperty("aor").GetString()).Append(": ").Append(account.GetProperty("state").GetString());
            if (account.GetProperty("reason").GetString() is { Length: > 0 } reason)
            {
                text.Append(" (").Append(reason).Append(')');
            }
        }

        var calls = status.GetProperty("calls");
        text.AppendLine().Append(calls.GetArrayLength() switch
        {
            0 => "no live call",
            1 => "1 live call",
            var n => string.Create(CultureInfo.InvariantCulture, $"{n} live calls"),
        });
        foreach (var call in calls.EnumerateArray())
        {
            text.AppendLine().Append("  ").Append(Call(call));
        }

        return text.ToString();
    }

    private static string Call(JsonElement call) =>
        $"{call.GetProperty("id").GetString()}  {call.GetProperty("direction").GetString(),-8}  {call.GetProperty("state").GetString(),-7}  {Remote(call)}";

    private static string History(JsonElement record) =>
        $"#{record.GetProperty("id").GetInt64()}  {record.GetProperty("startedAt").GetString()}  {record.GetProperty("direction").GetString(),-8}  " +
        $"{record.GetProperty("disposition").GetString() ?? "live",-11}  {record.GetProperty("durationSeconds").GetInt32(),5}s  {Remote(record)}";

    private static string Contact(JsonElement contact)
    {
        var numbers = string.Join(", ", contact.GetProperty("numbers").EnumerateArray().Select(n => n.GetProperty("e164").GetString() ?? n.GetProperty("raw").GetString()));
        var company = contact.GetProperty("company").GetString();
        return $"{contact.GetProperty("id").GetString()}  {contact.GetProperty("name").GetString()}{(company is null ? string.Empty : $" ({company})")}  {numbers}";
    }

    private static string Remote(JsonElement call)
    {
        var remote = call.GetProperty("remote");
        var number = remote.GetProperty("e164").GetString() ?? remote.GetProperty("raw").GetString();
        return call.TryGetProperty("contact", out var contact) && contact.ValueKind == JsonValueKind.Object
            ? $"{number}  {contact.GetProperty("name").GetString()}"
            : number ?? string.Empty;
    }
}
