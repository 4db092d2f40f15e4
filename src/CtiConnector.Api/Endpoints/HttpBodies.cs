using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace CtiConnector.Api.Endpoints;

/// <summary>Reads JSON request bodies and writes JSON answers with the source-generated context.</summary>
internal static class HttpBodies
{
    /// <summary>Reads the body as <typeparamref name="T"/>; null after writing a 400/413 problem.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
            if (body is null)
            {
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", "The body must be a JSON object.");
            }

            return body;
        }
        catch (JsonException ex)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", $"The body is not valid JSON for this request: {ex.Message}");
            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large", "The request body is too large.");
            return null;
        }
    }

    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static string RouteId(HttpContext context) => context.Request.RouteValues["id"] as string ?? string.Empty;
}
