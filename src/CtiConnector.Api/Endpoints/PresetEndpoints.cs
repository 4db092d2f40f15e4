using CtiConnector.Api.Json;
using CtiConnector.Api.Presets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiConnector.Api.Endpoints;

/// <summary>
/// <c>GET /v1/presets</c>: the provider presets, for a settings form or a CRM that helps its users connect a line.
/// <example><c>[{"id":"free","name":"Free (Freebox)","domain":"freephonie.net","registrar":null,"transport":"udp",
/// "expires":3600,"minExpires":1800,"codecs":["PCMA","PCMU"],"inputs":[{"key":"Username","description":"..."}],"notes":"..."}]</c></example>
/// </summary>
internal static class PresetEndpoints
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapGet("/presets", ListAsync).WithName("listPresets").Returns<IReadOnlyList<PresetSummary>>();

    private static Task ListAsync(HttpContext context, CancellationToken cancellationToken) =>
        HttpBodies.WriteAsync(context, context.RequestServices.GetService<IPresetCatalog>()?.List() ?? [], ApiJsonContext.Default.IReadOnlyListPresetSummary);
}
