using System.Text.Json;
using CtiConnector.Api.Json;
using CtiConnector.Core.Calls;
using Microsoft.AspNetCore.Http;

namespace CtiConnector.Api;

/// <summary>
/// Writes <c>application/problem+json</c> answers. The <c>type</c> is <c>urn:cti-connector:problem:CODE</c> with a
/// stable CODE (<c>unauthorized</c>, <c>forbidden-host</c>, <c>forbidden-origin</c>, <c>unsupported-media-type</c>,
/// <c>payload-too-large</c>, <c>bad-request</c>, <c>bad-target</c>, <c>no-such-call</c>, <c>not-found</c>,
/// <c>invalid-state</c>, <c>rate-limited</c>, <c>unavailable</c>, <c>telephony</c>, <c>method-not-allowed</c>).
/// </summary>
public static class Problems
{
    /// <summary>The prefix of every problem type.</summary>
    public const string TypePrefix = "urn:cti-connector:problem:";

    public static Task WriteAsync(HttpContext context, int status, string code, string title, string? detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var body = new ProblemBody(TypePrefix + code, title, status, detail);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ApiJsonContext.Default.ProblemBody, context.RequestAborted);
    }

    /// <summary>Maps a command-layer refusal to its HTTP status and problem.</summary>
    public static Task WriteAsync(HttpContext context, CallCenterException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (status, title) = error.Code switch
        {
            "bad-target" => (StatusCodes.Status400BadRequest, "The target cannot be dialled"),
            "bad-request" => (StatusCodes.Status400BadRequest, "Bad request"),
            "no-such-call" => (StatusCodes.Status404NotFound, "No such call"),
            "not-found" => (StatusCodes.Status404NotFound, "Not found"),
            "invalid-state" => (StatusCodes.Status409Conflict, "Not possible in the current state"),
            "unsupported-media-type" => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
            "unavailable" => (StatusCodes.Status503ServiceUnavailable, "Telephony unavailable"),
            "cancelled" => (StatusCodes.Status409Conflict, "Cancelled"),
            _ => (StatusCodes.Status502BadGateway, "The telephony layer refused the command"),
        };
        var code = status == StatusCodes.Status502BadGateway ? "telephony" : error.Code;
        return WriteAsync(context, status, code, title, error.Message);
    }
}
