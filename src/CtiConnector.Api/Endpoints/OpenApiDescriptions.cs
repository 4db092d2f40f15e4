using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace CtiConnector.Api.Endpoints;

/// <summary>
/// Describes what <see cref="EndpointMetadata"/> does not for the OpenAPI document: the query parameters of
/// <see cref="RequestDelegate"/> endpoints (they read <c>HttpRequest.Query</c> by hand) and text answers such as CSV.
/// </summary>
internal static class OpenApiDescriptions
{
    /// <summary>A 200 answer whose body is text of <paramref name="contentType"/> (e.g. <c>text/csv</c>).</summary>
    public static TBuilder ReturnsText<TBuilder>(this TBuilder builder, string contentType)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [contentType]));

    /// <summary>The filters of <c>GET /v1/history</c>, shared by its CSV export.</summary>
    public static TBuilder HistoryFilters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .Query("number", JsonSchemaType.String, "A number in any format; matched by its last significant digits.")
            .Query("contactId", JsonSchemaType.String, "Only the calls of this directory contact (its timeline).")
            .Query("q", JsonSchemaType.String,
                "Only calls whose contact name, caller's display name, number as dialled or received, or notes contain this text, " +
                "ignoring case and accents (zoe finds Zoé); % and _ are plain characters. 1 to 100 characters once trimmed, else 400.")
            .Query("from", JsonSchemaType.String, "Only calls started at or after this time (ISO 8601; UTC when no offset is given).", "date-time")
            .Query("to", JsonSchemaType.String, "Only calls started before this time (ISO 8601; UTC when no offset is given).", "date-time")
            .Query("missed", JsonSchemaType.Boolean,
                "true: only the missed calls not yet called back (inbound, missed or no-answer, with no later answered call, either direction, with the same number).");

    /// <summary>Adds one optional query parameter to the endpoint's operation.</summary>
    public static TBuilder Query<TBuilder>(this TBuilder builder, string name, JsonSchemaType type, string description, string? format = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Description = description,
                Schema = new OpenApiSchema { Type = type, Format = format },
            });
            return Task.CompletedTask;
        });
}
