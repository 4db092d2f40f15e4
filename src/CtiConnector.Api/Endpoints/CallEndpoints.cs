using System.Threading.RateLimiting;
using CtiConnector.Api.Json;
using CtiConnector.Api.Plugins;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiConnector.Api.Endpoints;

/// <summary><c>/v1/status</c> and <c>/v1/calls</c>: thin relays into <see cref="CallCenter"/>.</summary>
internal static class CallEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/status", StatusAsync).WithName("getStatus").Returns<StatusBody>();
        v1.MapPost("/accounts/{id}/register", RegisterAgainAsync).WithName("registerAccountAgain").Returns<AccountInfo>()
            .ReturnsProblem(StatusCodes.Status404NotFound).ReturnsProblem(StatusCodes.Status409Conflict);
        v1.MapPost("/dnd", DoNotDisturbAsync).WithName("setDoNotDisturb").Takes<DoNotDisturbBody>().Returns<StatusBody>()
            .ReturnsProblem(StatusCodes.Status400BadRequest);
        v1.MapGet("/plugins", PluginsAsync).WithName("listPlugins").Returns<IReadOnlyList<PluginSummary>>();
        v1.MapPost("/calls", DialAsync).WithName("dial").Takes<DialBody>().Returns<CallInfo>(StatusCodes.Status201Created)
            .ReturnsProblem(StatusCodes.Status400BadRequest).ReturnsProblem(StatusCodes.Status429TooManyRequests);
        v1.MapGet("/calls", ListAsync).WithName("listCalls").Returns<IReadOnlyList<CallInfo>>();
        v1.MapGet("/calls/{id}", GetAsync).WithName("getCall").Returns<CallInfo>().ReturnsProblem(StatusCodes.Status404NotFound);
        MapAction(v1, "answer", (c, id, ct) => c.AnswerAsync(id, ct));
        MapAction(v1, "hangup", (c, id, ct) => c.HangupAsync(id, ct));
        MapAction(v1, "hold", (c, id, ct) => c.HoldAsync(id, ct));
        MapAction(v1, "resume", (c, id, ct) => c.ResumeAsync(id, ct));
        MapAction(v1, "mute", (c, id, ct) => c.SetMuteAsync(id, true, ct));
        MapAction(v1, "unmute", (c, id, ct) => c.SetMuteAsync(id, false, ct));
        v1.MapPost("/calls/{id}/dtmf", DtmfAsync).WithName("sendDtmf").Takes<DtmfBody>().Returns<CallInfo>()
            .ReturnsProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/calls/{id}/transfer", TransferAsync).WithName("transfer").Takes<TransferBody>().Returns<CallInfo>()
            .ReturnsProblem(StatusCodes.Status404NotFound);
    }

    private static void MapAction(RouteGroupBuilder v1, string action, Func<CallCenter, string, CancellationToken, Task<CallInfo>> command) =>
        v1.MapPost($"/calls/{{id}}/{action}", (HttpContext context, CancellationToken cancellationToken) => RunAsync(context, command))
            .WithName(action + "Call").Returns<CallInfo>().ReturnsProblem(StatusCodes.Status404NotFound).ReturnsProblem(StatusCodes.Status409Conflict);

    private static Task StatusAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var status = Center(context).GetStatus();
        return HttpBodies.WriteAsync(context, new StatusBody(status.Version, status.Accounts, status.Calls, status.DoNotDisturb), ApiJsonContext.Default.StatusBody);
    }

    /// <summary><c>POST /v1/accounts/{id}/register</c>: registers the account again now (the "test" of a line).</summary>
    private static async Task RegisterAgainAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        try
        {
            var account = await Center(context).RegisterAgainAsync(id, cancellationToken);
            await HttpBodies.WriteAsync(context, account, ApiJsonContext.Default.AccountInfo);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    /// <summary><c>POST /v1/dnd {"enabled": true}</c>: incoming calls are answered busy (and logged as missed) while on.</summary>
    private static async Task DoNotDisturbAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.DoNotDisturbBody);
        if (body is null)
        {
            return;
        }

        if (body.Enabled is not { } enabled)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request", "Give {\"enabled\": true} or {\"enabled\": false}.");
            return;
        }

        Center(context).SetDoNotDisturb(enabled);
        await StatusAsync(context, cancellationToken);
    }

    private static Task PluginsAsync(HttpContext context, CancellationToken cancellationToken) =>
        HttpBodies.WriteAsync(context, context.RequestServices.GetService<IPluginCatalog>()?.List() ?? [], ApiJsonContext.Default.IReadOnlyListPluginSummary);

    private static async Task DialAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var lease = context.RequestServices.GetRequiredService<CallRateLimiter>().Limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = "2";
            await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "rate-limited", "Too many calls",
                "Calls are being created too fast; wait a moment.");
            return;
        }

        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.DialBody);
        if (body is null)
        {
            return;
        }

        try
        {
            var call = await Center(context).DialAsync(body.To ?? string.Empty, body.Account, body.ContactId, context.RequestAborted);
            context.Response.Headers.Location = $"/v1/calls/{call.Id}";
            await HttpBodies.WriteAsync(context, call, ApiJsonContext.Default.CallInfo, StatusCodes.Status201Created);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static Task ListAsync(HttpContext context, CancellationToken cancellationToken) =>
        HttpBodies.WriteAsync(context, Center(context).GetCalls(), ApiJsonContext.Default.IReadOnlyListCallInfo);

    private static Task GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = HttpBodies.RouteId(context);
        return Center(context).GetCall(id) is { } call
            ? HttpBodies.WriteAsync(context, call, ApiJsonContext.Default.CallInfo)
            : Problems.WriteAsync(context, StatusCodes.Status404NotFound, "no-such-call", "No such call", $"There is no live call '{id}'.");
    }

    private static async Task DtmfAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.DtmfBody);
        if (body is not null)
        {
            await RunAsync(context, (c, id, ct) => c.SendDtmfAsync(id, body.Digits ?? string.Empty, ct));
        }
    }

    private static async Task TransferAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await HttpBodies.ReadAsync(context, ApiJsonContext.Default.TransferBody);
        if (body is not null)
        {
            await RunAsync(context, (c, id, ct) => c.TransferAsync(id, body.To ?? string.Empty, body.ConsultCallId, ct));
        }
    }

    private static async Task RunAsync(HttpContext context, Func<CallCenter, string, CancellationToken, Task<CallInfo>> command)
    {
        try
        {
            var call = await command(Center(context), HttpBodies.RouteId(context), context.RequestAborted);
            await HttpBodies.WriteAsync(context, call, ApiJsonContext.Default.CallInfo);
        }
        catch (CallCenterException ex)
        {
            await Problems.WriteAsync(context, ex);
        }
    }

    private static CallCenter Center(HttpContext context) => context.RequestServices.GetRequiredService<CallCenter>();
}

/// <summary>The token bucket that limits call creation (one per API).</summary>
internal sealed class CallRateLimiter(ApiOptions options) : IDisposable
{
    public RateLimiter Limiter { get; } = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, options.CallCreationBurst),
        TokensPerPeriod = Math.Max(1, options.CallCreationPerMinute),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    public void Dispose() => Limiter.Dispose();
}
