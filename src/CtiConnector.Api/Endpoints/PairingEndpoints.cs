using CtiConnector.Api.Json;
using CtiConnector.Api.Security;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiConnector.Api.Endpoints;

/// <summary>
/// <c>POST /v1/pair</c> (any origin; never acts: answers a token or "pending") and the user's pairing administration
/// (<c>GET /v1/pairings</c>, <c>POST /v1/pairings/approve|revoke {"origin"}</c>, user's token only).
/// </summary>
internal static class PairingEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/pair", PairAsync).WithName("pair").Takes<PairBody>()
            .Returns<PairResult>().Returns<PairResult>(StatusCodes.Status202Accepted).ReturnsProblem(StatusCodes.Status400BadRequest);
        v1.MapGet("/pairings", ListAsync).WithName("listPairings").Returns<IReadOnlyList<PairingInfo>>();
        v1.MapPost("/pairings/approve", (HttpContext context, CancellationToken cancellationToken) => ActAsync(context, approve: true)).WithName("approvePairing")
            .Takes<PairingActionBody>().ReturnsProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/pairings/revoke", (HttpContext context, CancellationToken cancellationToken) => ActAsync(context, approve: false)).WithName("revokePairing")
            .Takes<PairingActionBody>().ReturnsProblem(StatusCodes.Status404NotFound);
    }

    private static async Task PairAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.Headers.Origin is not { Count: 1 } origin || string.IsNullOrWhiteSpace(origin[0]) || origin[0] == "null")
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request",
                "Pairing is for web origins: the request must carry an Origin header.");
            return;
        }

        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.PairBody);
        if (body is null)
        {
            return;
        }

        var result = Registry(context).Request(origin[0]!, body.Name, out var isNew);
        if (isNew && context.RequestServices.GetService<CallCenter>() is { } center)
        {
            // The agent's UI shows the request at once (the user approves it there).
            var pending = Registry(context).List().FirstOrDefault(p => p.Origin == result.Origin);
            center.Events.Publish(new PairingRequestedEvent(
                context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), result.Origin, pending?.Name));
        }

        var status = result.Token is null ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        await HttpBodies.WriteAsync(context, result, ApiJsonContext.Default.PairResult, status);
    }

    private static Task ListAsync(HttpContext context, CancellationToken cancellationToken) =>
        HttpBodies.WriteAsync(context, Registry(context).List(), ApiJsonContext.Default.IReadOnlyListPairingInfo);

    private static async Task ActAsync(HttpContext context, bool approve)
    {
        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.PairingActionBody);
        if (body is null)
        {
            return;
        }

        var registry = Registry(context);
        var done = !string.IsNullOrWhiteSpace(body.Origin) && (approve ? registry.Approve(body.Origin) : registry.Revoke(body.Origin));
        if (!done)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "That origin never asked to pair.");
            return;
        }

        await HttpBodies.WriteAsync(context, registry.List(), ApiJsonContext.Default.IReadOnlyListPairingInfo);
    }

    private static PairingRegistry Registry(HttpContext context) => context.RequestServices.GetRequiredService<PairingRegistry>();
}
