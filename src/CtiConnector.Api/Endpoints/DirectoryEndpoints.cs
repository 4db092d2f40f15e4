using System.Globalization;
using System.Text;
using CtiConnector.Api.Json;
using CtiConnector.Core.Calls;
using CtiConnector.Core.History;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CtiConnector.Api.Endpoints;

/// <summary><c>/v1/history</c> and <c>/v1/contacts</c>.</summary>
internal static class DirectoryEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/history", QueryHistoryAsync).WithName("queryHistory").Returns<IReadOnlyList<HistoryRecord>>()
            .ReturnsProblem(StatusCodes.Status400BadRequest).HistoryFilters()
            .Query("limit", JsonSchemaType.Integer, $"Records per page, 1 to {CallCenter.MaxHistoryLimit} (default 50).")
            .Query("before", JsonSchemaType.Integer, "Paging cursor: only records with a lower id (the last id of the previous page).");
        v1.MapGet("/history/export", ExportHistoryAsync).WithName("exportHistory").ReturnsText(CsvMediaType)
            .ReturnsProblem(StatusCodes.Status400BadRequest).HistoryFilters()
            .WithDescription("The whole history the filters select, newest first, as UTF-8 CSV (a header row, then one call per row).");
        v1.MapGet("/history/{id}", GetHistoryAsync).WithName("getHistory").Returns<HistoryRecord>().ReturnsProblem(StatusCodes.Status404NotFound);
        v1.MapPatch("/history/{id}", PatchHistoryAsync).WithName("patchHistory").Takes<HistoryPatchBody>()
            .Returns<HistoryRecord>().ReturnsProblem(StatusCodes.Status404NotFound).ReturnsProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/contacts", ContactsAsync).WithName("findContacts").Returns<IReadOnlyList<Contact>>()
            .ReturnsProblem(StatusCodes.Status400BadRequest)
            .WithDescription(
                "Give number (lookup) or q (search). The lookup finds the contact of a number as an incoming call's screen pop does: " +
                "the local directory first, then the loaded CRM plugins' lookups in order, within the same time limit; a plugin that " +
                "fails or does not answer in time counts as a miss. It answers at most one contact; one found by a plugin carries the " +
                "plugin's id, name, company and CRM link, no externalId or email, and the number asked as its one number (type other). " +
                "The search looks in the local directory only.")
            .Query("number", JsonSchemaType.String, "Lookup: a number in any format (normalised as for calls).")
            .Query("q", JsonSchemaType.String, "Search: contacts of the local directory whose name, company or number starts with this text.")
            .Query("limit", JsonSchemaType.Integer, $"Search results, 1 to {CallCenter.MaxHistoryLimit} (default 50).");
        v1.MapGet("/contacts/export", ExportContactsAsync).WithName("exportContacts").ReturnsText(CsvMediaType)
            .WithDescription("The whole local directory as UTF-8 CSV, ordered by name, in the columns the import reads back.");
        v1.MapGet("/contacts/{id}", GetContactAsync).WithName("getContact").Returns<Contact>().ReturnsProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/contacts/import", ImportAsync).WithName("importContacts").Takes<string>("text/csv", "text/vcard")
            .Returns<ContactImportSummary>().ReturnsProblem(StatusCodes.Status400BadRequest).ReturnsProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private const string CsvMediaType = "text/csv";

    private static async Task QueryHistoryAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!TryInt(query["limit"], out var limit) || !TryLong(query["before"], out var before))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", "limit and before must be integers.");
            return;
        }

        if (await ReadHistoryFilterAsync(context) is not { } filter)
        {
            return;
        }

        try
        {
            var records = await Center(context).QueryHistoryAsync(filter, limit, before, context.RequestAborted);
            await HttpBodies.WriteAsync(context, records, ApiJsonContext.Default.IReadOnlyListHistoryRecord);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static async Task ExportHistoryAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await ReadHistoryFilterAsync(context) is not { } filter)
        {
            return;
        }

        try
        {
            await WriteCsvAsync(context, "history.csv", (center, writer, ct) => center.ExportHistoryAsync(filter, writer, ct));
        }
        catch (CallCenterException ex) when (!context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static Task ExportContactsAsync(HttpContext context, CancellationToken cancellationToken) =>
        WriteCsvAsync(context, "contacts.csv", (center, writer, ct) => center.ExportContactsAsync(writer, ct));

    /// <summary>Streams a CSV answer (UTF-8, no byte order mark) written by <paramref name="write"/>.</summary>
    private static async Task WriteCsvAsync(HttpContext context, string fileName, Func<CallCenter, TextWriter, CancellationToken, Task> write)
    {
        var center = Center(context);
        context.Response.ContentType = CsvMediaType + "; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        try
        {
            await write(center, writer, context.RequestAborted);
            await writer.FlushAsync(context.RequestAborted);
        }
        finally
        {
            // Disposing flushes the body, which starts the response: not before a refusal (still a problem answer) is written.
            if (context.Response.HasStarted)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>The history filters of the query string; null (after answering 400) when one is malformed.</summary>
    private static async Task<HistoryFilter?> ReadHistoryFilterAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!HistoryFilter.TryParse(query["number"], query["contactId"], query["from"], query["to"], query["missed"], query["q"], out var filter, out var error))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", error);
            return null;
        }

        return filter;
    }

    private static async Task GetHistoryAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(HttpBodies.RouteId(context), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await Center(context).GetHistoryAsync(id, context.RequestAborted) is not { } record)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "There is no such history record.");
            return;
        }

        await HttpBodies.WriteAsync(context, record, ApiJsonContext.Default.HistoryRecord);
    }

    private static async Task PatchHistoryAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(HttpBodies.RouteId(context), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "There is no such history record.");
            return;
        }

        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.HistoryPatchBody);
        if (body is null)
        {
            return;
        }

        try
        {
            var record = await Center(context).PatchHistoryAsync(id, body.Notes, body.Disposition, context.RequestAborted);
            await HttpBodies.WriteAsync(context, record, ApiJsonContext.Default.HistoryRecord);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static async Task ContactsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (!TryInt(query["limit"], out var limit))
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", "limit must be an integer.");
            return;
        }

        try
        {
            IReadOnlyList<Contact> contacts;
            if (query["number"] is { Count: 1 } number && !string.IsNullOrWhiteSpace(number[0]))
            {
                contacts = await Center(context).LookupContactsAsync(number[0]!, context.RequestAborted);
            }
            else if (query["q"] is { Count: 1 } text && !string.IsNullOrWhiteSpace(text[0]))
            {
                contacts = await Center(context).SearchContactsAsync(text[0]!, limit, context.RequestAborted);
            }
            else
            {
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", "Give ?number= (lookup) or ?q= (search).");
                return;
            }

            await HttpBodies.WriteAsync(context, contacts, ApiJsonContext.Default.IReadOnlyListContact);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static async Task GetContactAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await Center(context).GetContactAsync(HttpBodies.RouteId(context), context.RequestAborted) is { } contact)
        {
            await HttpBodies.WriteAsync(context, contact, ApiJsonContext.Default.Contact);
            return;
        }

        await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "There is no such contact.");
    }

    private static async Task ImportAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        try
        {
            var summary = await Center(context).ImportContactsAsync(mediaType, context.Request.Body, context.RequestAborted);
            await HttpBodies.WriteAsync(context, summary, ApiJsonContext.Default.ContactImportSummary);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large", "The import file is too large.");
        }
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, out int? result)
    {
        result = null;
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return true;
        }

        if (int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            result = parsed;
            return true;
        }

        return false;
    }

    private static bool TryLong(Microsoft.Extensions.Primitives.StringValues value, out long? result)
    {
        result = null;
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return true;
        }

        if (long.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            result = parsed;
            return true;
        }

        return false;
    }

    private static CallCenter Center(HttpContext context) => context.RequestServices.GetRequiredService<CallCenter>();
}
