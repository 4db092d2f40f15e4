using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CtiConnector.Core.Model;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// The queued form of a <see cref="CallRecord"/> (camelCase JSON, written and read without reflection), and the
/// conversion from a Core <see cref="HistoryRecord"/>.
/// </summary>
public static class CallRecordJson
{
    /// <summary>Builds the plugin's view of a finished history record.</summary>
    public static CallRecord FromHistory(HistoryRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CallRecord(
            record.Id,
            record.CallId,
            record.Direction == CallDirection.Inbound ? "inbound" : "outbound",
            record.Remote.Raw,
            record.Remote.E164,
            record.Remote.DisplayName,
            record.Contact?.Id,
            record.Contact?.Name,
            record.StartedAt,
            record.AnsweredAt,
            record.EndedAt ?? now,
            record.DurationSeconds,
            DispositionName(record.Disposition ?? CallDisposition.Interrupted),
            record.Notes,
            record.AccountId);
    }

    /// <summary>The API's kebab-case name of <paramref name="disposition"/>.</summary>
    public static string DispositionName(CallDisposition disposition) => disposition switch
    {
        CallDisposition.Answered => "answered",
        CallDisposition.Missed => "missed",
        CallDisposition.Declined => "declined",
        CallDisposition.Busy => "busy",
        CallDisposition.Failed => "failed",
        CallDisposition.Cancelled => "cancelled",
        CallDisposition.NoAnswer => "no-answer",
        _ => "interrupted",
    };

    public static string Write(CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("historyId", call.HistoryId);
            writer.WriteString("callId", call.CallId);
            writer.WriteString("direction", call.Direction);
            writer.WriteString("remoteRaw", call.RemoteRaw);
            writer.WriteString("remoteE164", call.RemoteE164);
            writer.WriteString("remoteDisplayName", call.RemoteDisplayName);
            writer.WriteString("contactId", call.ContactId);
            writer.WriteString("contactName", call.ContactName);
            writer.WriteString("startedAt", call.StartedAt);
            if (call.AnsweredAt is { } answered)
            {
                writer.WriteString("answeredAt", answered);
            }
            else
            {
                writer.WriteNull("answeredAt");
            }

            writer.WriteString("endedAt", call.EndedAt);
            writer.WriteNumber("durationSeconds", call.DurationSeconds);
            writer.WriteString("disposition", call.Disposition);
            writer.WriteString("notes", call.Notes);
            writer.WriteString("accountId", call.AccountId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="FormatException"/> on anything else.</summary>
    public static CallRecord Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new CallRecord(
                root.GetProperty("historyId").GetInt64(),
                Text(root, "callId") ?? "",
                Text(root, "direction") ?? "",
                Text(root, "remoteRaw") ?? "",
                Text(root, "remoteE164"),
                Text(root, "remoteDisplayName"),
                Text(root, "contactId"),
                Text(root, "contactName"),
                root.GetProperty("startedAt").GetDateTimeOffset(),
                root.TryGetProperty("answeredAt", out var answered) && answered.ValueKind == JsonValueKind.String ? answered.GetDateTimeOffset() : null,
                root.GetProperty("endedAt").GetDateTimeOffset(),
                root.GetProperty("durationSeconds").GetInt32(),
                Text(root, "disposition") ?? "",
                Text(root, "notes"),
                Text(root, "accountId"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"not a queued call record: {ex.Message}"), ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
