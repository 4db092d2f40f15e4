using System.Net.WebSockets;
using System.Text;
using CtiConnector.Api.Json;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiConnector.Api.Endpoints;

/// <summary>
/// The event stream: <c>GET /v1/events</c> (WebSocket, one JSON object per text message) and
/// <c>GET /v1/events/stream</c> (Server-Sent Events, <c>event: TYPE</c> + <c>data: JSON</c>). Both start with a
/// <c>snapshot</c>; a subscriber that falls behind receives <c>subscription.dropped</c> and is closed. The SSE stream sends a
/// comment line (<c>: heartbeat</c>) after <see cref="ApiOptions.EventHeartbeat"/> of silence. <c>pairing.requested</c>
/// goes to the user's own subscribers only (token or UI session), never to a paired CRM.
/// </summary>
internal static class EventEndpoints
{
    private static readonly byte[] s_eventPrefix = "event: "u8.ToArray();
    private static readonly byte[] s_dataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/events", WebSocketAsync).WithName("eventsWebSocket").ReturnsProblem(StatusCodes.Status400BadRequest);
        v1.MapGet("/events/stream", ServerSentEventsAsync).WithName("eventsStream").ReturnsStream("text/event-stream");
    }

    private static async Task WebSocketAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "bad-request", "Bad request",
                "This endpoint is a WebSocket; use /v1/events/stream for Server-Sent Events.");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = context.RequestServices.GetRequiredService<CallCenter>().Subscribe();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var revoked = Revocation(context);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(closed.Token, revoked);
        var receiving = DrainAsync(socket, closed);
        try
        {
            var owner = context.Items.ContainsKey(Security.ApiGuard.OwnerKey);
            await foreach (var evt in subscription.Reader.ReadAllAsync(sending.Token))
            {
                if (!ForSubscriber(evt, owner))
                {
                    continue;
                }

                await socket.SendAsync(EventJson.Serialize(evt), WebSocketMessageType.Text, true, sending.Token);
            }

            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "event stream ended", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away, or its pairing was revoked.
        }

        if (revoked.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            try
            {
                // The close handshake: our Close, then the client's (DrainAsync sees it), within a grace period.
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "pairing revoked", CancellationToken.None);
                await receiving.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
            }
        }

        await closed.CancelAsync();
        await receiving;
    }

    /// <summary>Reads (and ignores) what the client sends, to notice its close.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed either way.
        }

        await closed.CancelAsync();
    }

    private static async Task ServerSentEventsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = context.RequestServices.GetRequiredService<CallCenter>().Subscribe();
        var heartbeat = context.RequestServices.GetRequiredService<ApiOptions>().EventHeartbeat;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var owner = context.Items.ContainsKey(Security.ApiGuard.OwnerKey);
        var reader = subscription.Reader;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Revocation(context));
        try
        {
            await response.StartAsync(ended.Token);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= reader.WaitToReadAsync(ended.Token).AsTask();
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ended.Token))
                {
                    var tick = Task.Delay(heartbeat, time, quiet.Token);
                    if (await Task.WhenAny(waiting, tick) == tick)
                    {
                        await tick;
                        await response.Body.WriteAsync(s_heartbeat, ended.Token);
                        await response.Body.FlushAsync(ended.Token);
                        continue;
                    }

                    await quiet.CancelAsync();
                }

                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var evt))
                {
                    if (ForSubscriber(evt, owner))
                    {
                        await WriteEventAsync(response, evt, ended.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    /// <summary>Cancelled when the paired origin behind this request is revoked; never for the user's own token or session.</summary>
    private static CancellationToken Revocation(HttpContext context) =>
        context.Items.TryGetValue(Security.ApiGuard.PairedOriginKey, out var origin) && origin is string paired
            ? context.RequestServices.GetRequiredService<Security.PairingRegistry>().RevocationToken(paired)
            : CancellationToken.None;

    /// <summary>Pairing requests are the user's business, not a paired CRM's.</summary>
    private static bool ForSubscriber(CtiEvent evt, bool owner) => owner || evt is not PairingRequestedEvent;

    private static async Task WriteEventAsync(HttpResponse response, CtiEvent evt, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(s_eventPrefix, cancellationToken);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(evt.Type), cancellationToken);
        await response.Body.WriteAsync(s_dataPrefix, cancellationToken);
        await response.Body.WriteAsync(EventJson.Serialize(evt), cancellationToken);
        await response.Body.WriteAsync(s_eventEnd, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
