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
/// <c>snapshot</c>; a subscriber that falls behind receives <c>subscription.dropped</c> and is closed.
/// </summary>
internal static class EventEndpoints
{
    private static readonly byte[] s_eventPrefix = "event: "u8.ToArray();
    private static readonly byte[] s_dataPrefix = "\ndata: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();

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
        var receiving = DrainAsync(socket, closed);
        try
        {
            await foreach (var evt in subscription.Reader.ReadAllAsync(closed.Token))
            {
                await socket.SendAsync(EventJson.Serialize(evt), WebSocketMessageType.Text, true, closed.Token);
            }

            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "event stream ended", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away.
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
        try
        {
            await response.StartAsync(context.RequestAborted);
            await foreach (var evt in subscription.Reader.ReadAllAsync(context.RequestAborted))
            {
                await response.Body.WriteAsync(s_eventPrefix, context.RequestAborted);
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(evt.Type), context.RequestAborted);
                await response.Body.WriteAsync(s_dataPrefix, context.RequestAborted);
                await response.Body.WriteAsync(EventJson.Serialize(evt), context.RequestAborted);
                await response.Body.WriteAsync(s_eventEnd, context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
