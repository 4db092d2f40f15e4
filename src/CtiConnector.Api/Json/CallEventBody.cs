using System.Text.Json.Serialization;
using CtiConnector.Core.Model;

namespace CtiConnector.Api.Json;

/// <summary>
/// A <c>call.*</c> event on the wire: <c>callId</c>, <c>direction</c>, <c>state</c>, <c>remote</c> and <c>contact</c>
/// (null when unknown) always; the full <c>call</c>; and per type <c>disposition</c>, <c>durationSeconds</c>,
/// <c>historyId</c> (<c>call.ended</c>), <c>digits</c> (<c>call.dtmf</c>), <c>target</c> (<c>call.transferred</c>).
/// </summary>
/// <example><code>{"type":"call.ended","at":"...","callId":"4f..","direction":"inbound","state":"ended",
/// "remote":{"raw":"0123456789","e164":"+33123456789","displayName":null},"contact":null,"call":{...},
/// "disposition":"missed","durationSeconds":0,"historyId":12}</code></example>
public sealed record CallEventBody(
    string Type,
    DateTimeOffset At,
    string CallId,
    CallDirection Direction,
    CallState State,
    RemoteParty Remote,
    ContactRef? Contact,
    CallInfo Call)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallDisposition? Disposition { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DurationSeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? HistoryId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Digits { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
