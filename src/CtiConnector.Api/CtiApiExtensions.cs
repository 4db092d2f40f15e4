using CtiConnector.Api.Endpoints;
using CtiConnector.Api.Json;
using CtiConnector.Api.Security;
using CtiConnector.Api.Ui;
using CtiConnector.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CtiConnector.Api;

/// <summary>
/// Registers and maps the local API. The host registers <see cref="Core.Calls.CallCenter"/>, binds Kestrel to
/// 127.0.0.1 and calls <see cref="AddCtiApi"/> then <see cref="MapCtiApi"/>.
/// </summary>
public static class CtiApiExtensions
{
    /// <summary>The OpenAPI document name.</summary>
    public const string DocumentName = "v1";

    public static IServiceCollection AddCtiApi(this IServiceCollection services, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<PairingRegistry>();
        services.AddSingleton<ApiGuard>();
        services.AddSingleton(provider => new UiSessions(provider.GetRequiredService<TimeProvider>(), options.UiSessionsFile));
        services.AddSingleton<CallRateLimiter>();
        services.Configure<JsonOptions>(json =>
        {
            // The same shapes as the endpoints write (the OpenAPI document reads them from here).
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            json.SerializerOptions.Converters.Add(new KebabCaseEnumConverter<CallDirection>());
            json.SerializerOptions.Converters.Add(new KebabCaseEnumConverter<CallState>());
            json.SerializerOptions.Converters.Add(new KebabCaseEnumConverter<CallDisposition>());
            json.SerializerOptions.Converters.Add(new KebabCaseEnumConverter<RegistrationState>());
        });
        services.AddOpenApi(DocumentName, openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CTI Connector local API";
            document.Info.Description =
                "Loopback only. Every request carries Authorization: Bearer <token> (the agent's api-token, or a paired origin's token); " +
                "errors are application/problem+json with a stable type urn:cti-connector:problem:CODE.";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The agent's api-token, or the token POST /v1/pair gave a web origin.",
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Adds the guard (Host, Origin/CORS, token or UI session, body checks), WebSockets, every <c>/v1</c> endpoint and the web UI.</summary>
    public static WebApplication MapCtiApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var guard = app.Services.GetRequiredService<ApiGuard>();
        app.Use(guard.InvokeAsync);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        var v1 = app.MapGroup("/v1");
        CallEndpoints.Map(v1);
        PresetEndpoints.Map(v1);
        DirectoryEndpoints.Map(v1);
        PairingEndpoints.Map(v1);
        EventEndpoints.Map(v1);
        UiEndpoints.Map(app, v1);
        app.MapOpenApi("/v1/openapi.json");
        return app;
    }
}
