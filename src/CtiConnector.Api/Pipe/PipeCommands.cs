using System.Text.Json;
using CtiConnector.Api.Json;
using CtiConnector.Api.Plugins;
using CtiConnector.Core.Calls;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;

namespace CtiConnector.Api.Pipe;

/// <summary>
/// The pipe's command table, relaying into <see cref="CallCenter"/> (no logic of its own beyond picking the call when
/// the client gives no id). Commands and their <c>args</c>:
/// <c>status</c>; <c>calls</c>; <c>call {callId}</c>; <c>dial {to, account?, contactId?}</c>;
/// <c>answer|hangup|hold|resume|mute|unmute {callId?}</c>; <c>dtmf {callId?, digits}</c>;
/// <c>transfer {callId?, to, consultCallId?}</c>; <c>history {number?, contactId?, q?, from?, to?, missed?, limit?, before?}</c>;
/// <c>history.patch {id, notes?, disposition?}</c>; <c>contacts.lookup {number}</c>; <c>contacts.search {q, limit?}</c>;
/// <c>contacts.import {path, mediaType?}</c>; <c>plugins</c>; <c>dnd {enabled}</c>; <c>subscribe</c> (handled by the connection).
/// Without <c>callId</c>, <c>answer</c> takes the one ringing incoming call, the others the one live call.
/// </summary>
public static class PipeCommands
{
    /// <summary>Runs <paramref name="command"/>; returns the writer of its result.</summary>
    public static async Task<Action<Utf8JsonWriter>?> ExecuteAsync(
        CallCenter center,
        string command,
        JsonElement args,
        CancellationToken cancellationToken,
        IPluginCatalog? plugins = null)
    {
        ArgumentNullException.ThrowIfNull(center);
        var json = ApiJsonContext.Default;
        switch (command)
        {
            case "status":
                var status = center.GetStatus();
                return Write(new StatusBody(status.Version, status.Accounts, status.Calls, status.DoNotDisturb), json.StatusBody);
            case "plugins":
                return Write(plugins?.List() ?? [], json.IReadOnlyListPluginSummary);
            case "dnd":
                if (!args.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new PipeProblem(400, "bad-request", "Bad request", "dnd takes {\"enabled\": true|false}.");
                }

                center.SetDoNotDisturb(enabled.GetBoolean());
                var after = center.GetStatus();
                return Write(new StatusBody(after.Version, after.Accounts, after.Calls, after.DoNotDisturb), json.StatusBody);
            case "calls":
                return Write(center.GetCalls(), json.IReadOnlyListCallInfo);
            case "call":
                var id = Required(args, "callId");
                return Write(center.GetCall(id) ?? throw new CallCenterException("no-such-call", $"There is no live call '{id}'."), json.CallInfo);
            case "dial":
                return Write(await center.DialAsync(Required(args, "to"), Optional(args, "account"), Optional(args, "contactId"), cancellationToken), json.CallInfo);
            case "answer":
                return Write(await center.AnswerAsync(PickCall(center, args, ringingOnly: true), cancellationToken), json.CallInfo);
            case "hangup":
                return Write(await center.HangupAsync(PickCall(center, args, ringingOnly: false), cancellationToken), json.CallInfo);
            case "hold":
                return Write(await center.HoldAsync(PickCall(center, args, ringingOnly: false), cancellationToken), json.CallInfo);
            case "resume":
                return Write(await center.ResumeAsync(PickCall(center, args, ringingOnly: false), cancellationToken), json.CallInfo);
            case "mute":
                return Write(await center.SetMuteAsync(PickCall(center, args, ringingOnly: false), true, cancellationToken), json.CallInfo);
            case "unmute":
                return Write(await center.SetMuteAsync(PickCall(center, args, ringingOnly: false), false, cancellationToken), json.CallInfo);
            case "dtmf":
                return Write(await center.SendDtmfAsync(PickCall(center, args, ringingOnly: false), Required(args, "digits"), cancellationToken), json.CallInfo);
            case "transfer":
                return Write(
                    await center.TransferAsync(PickCall(center, args, ringingOnly: false), Required(args, "to"), Optional(args, "consultCallId"), cancellationToken),
                    json.CallInfo);
            case "history":
                if (!HistoryFilter.TryParse(Optional(args, "number"), Optional(args, "contactId"), Optional(args, "from"), Optional(args, "to"), Flag(args, "missed"), Optional(args, "q"), out var filter, out var filterError))
                {
                    throw new PipeProblem(400, "bad-request", "Bad request", filterError);
                }

                return Write(await center.QueryHistoryAsync(filter, (int?)Number(args, "limit"), Number(args, "before"), cancellationToken), json.IReadOnlyListHistoryRecord);
            case "history.patch":
                var recordId = Number(args, "id") ?? throw new PipeProblem(400, "bad-request", "Bad request", "\"id\" is required.");
                return Write(await center.PatchHistoryAsync(recordId, Optional(args, "notes"), Disposition(args), cancellationToken), json.HistoryRecord);
            case "contacts.lookup":
                return Write(await center.LookupContactsAsync(Required(args, "number"), cancellationToken), json.IReadOnlyListContact);
            case "contacts.search":
                return Write(await center.SearchContactsAsync(Required(args, "q"), (int?)Number(args, "limit"), cancellationToken), json.IReadOnlyListContact);
            case "contacts.import":
                return Write(await ImportAsync(center, args, cancellationToken), json.ContactImportSummary);
            default:
                throw new PipeProblem(400, "unknown-command", "Unknown command", $"There is no command '{command}'.");
        }
    }

    private static Action<Utf8JsonWriter> Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        writer => JsonSerializer.Serialize(writer, value, typeInfo);

    private static async Task<Core.Storage.ContactImportSummary> ImportAsync(CallCenter center, JsonElement args, CancellationToken cancellationToken)
    {
        var path = Required(args, "path");
        if (!Path.IsPathFullyQualified(path))
        {
            throw new PipeProblem(400, "bad-request", "Bad request", "\"path\" must be an absolute file path.");
        }

        var mediaType = Optional(args, "mediaType") ?? Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".txt" => "text/csv",
            ".vcf" or ".vcard" => "text/vcard",
            _ => throw new PipeProblem(415, "unsupported-media-type", "Unsupported media type", "Import a .csv or .vcf file, or give \"mediaType\"."),
        };
        try
        {
            await using var file = File.OpenRead(path);
            return await center.ImportContactsAsync(mediaType, file, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new PipeProblem(404, "not-found", "Not found", $"The file {path} cannot be read ({ex.Message}).");
        }
    }

    private static string PickCall(CallCenter center, JsonElement args, bool ringingOnly)
    {
        if (Optional(args, "callId") is { } given)
        {
            return given;
        }

        var candidates = center.GetCalls()
            .Where(c => !ringingOnly || (c.Direction == CallDirection.Inbound && c.State == CallState.Ringing))
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0].Id,
            0 => throw new CallCenterException("no-such-call", ringingOnly ? "No call is ringing." : "There is no live call."),
            _ => throw new PipeProblem(409, "ambiguous-call", "Several calls", "Several calls are live; give the call id."),
        };
    }

    private static string Required(JsonElement args, string name) =>
        Optional(args, name) ?? throw new PipeProblem(400, "bad-request", "Bad request", $"\"{name}\" is required.");

    private static string? Optional(JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A boolean argument as text (<c>true</c>/<c>false</c>), null when absent; anything else is refused.</summary>
    private static string? Flag(JsonElement args, string name)
    {
        if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new PipeProblem(400, "bad-request", "Bad request", $"\"{name}\" must be true or false."),
        };
    }

    private static long? Number(JsonElement args, string name)
    {
        if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new PipeProblem(400, "bad-request", "Bad request", $"\"{name}\" must be an integer.");
    }

    private static CallDisposition? Disposition(JsonElement args)
    {
        if (Optional(args, "disposition") is not { } text)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize($"\"{text}\"", ApiJsonContext.Default.CallDisposition);
        }
        catch (JsonException ex)
        {
            throw new PipeProblem($"\"disposition\" '{text}' is not a disposition.", ex);
        }
    }
}
