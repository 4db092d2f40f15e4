using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace CtiConnector.Api.Endpoints;

/// <summary>
/// Describes <see cref="RequestDelegate"/> endpoints for the OpenAPI document (bodies and answers are read and written by
/// hand with the source-generated JSON context, so the document is told what they are).
/// </summary>
internal static class EndpointMetadata
{
    public static IEndpointConventionBuilder Returns<T>(this IEndpointConventionBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(T), ["application/json"]));

    public static IEndpointConventionBuilder ReturnsProblem(this IEndpointConventionBuilder builder, int status) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Json.ProblemBody), ["application/problem+json"]));

    public static IEndpointConventionBuilder ReturnsStream(this IEndpointConventionBuilder builder, string contentType) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, [contentType]));

    public static IEndpointConventionBuilder Takes<T>(this IEndpointConventionBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new AcceptsMetadata(contentTypes.Length == 0 ? ["application/json"] : contentTypes, typeof(T)));
}
