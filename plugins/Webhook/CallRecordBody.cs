using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Plugins.Webhook;

/// <summary>
/// The default journal body: the call as the API's history record, e.g.
/// <code>{"id":42,"callId":"c1","direction":"inbound","remote":{"raw":"0123456789","e164":"+33123456789","displayName":null},
/// "contact":{"id":"7","name":"Alice"},"startedAt":"...","answeredAt":null,"endedAt":"...","durationSeconds":0,
/// "disposition":"missed","notes":null,"accountId":"1"}</code>
/// </summary>
internal static class CallRecordBody
{
    public static string Write(CallRecord call)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", call.HistoryId);
            writer.WriteString("callId", call.CallId);
            writer.WriteString("direction", call.Direction);
            writer.WriteStartObject("remote");
            writer.WriteString("raw", call.RemoteRaw);
            writer.WriteString("e164", call.RemoteE164);
            writer.WriteString("displayName", call.RemoteDisplayName);
            writer.WriteEndObject();
            if (call.ContactId is null)
            {
                writer.WriteNull("contact");
            }
            else
            {
                writer.WriteStartObject("contact");
                writer.WriteString("id", call.ContactId);
                writer.WriteString("name", call.ContactName);
                writer.WriteEndObject();
            }

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
}
