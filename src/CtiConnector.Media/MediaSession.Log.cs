using System.Net;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Sdp;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Media;

/// <summary>Source-generated log messages.</summary>
public sealed partial class MediaSession
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Media started on {LocalEndPoint} with audio device {Device}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint localEndPoint, string device);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Media stopped, port {LocalEndPoint} released")]
    private static partial void LogStopped(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Audio negotiated: {Codec} (PT {PayloadType}) to {Remote}, {Direction}, telephone-event PT {TelephoneEvent}, {Protection}")]
    private static partial void LogNegotiated(ILogger logger, AudioCodec codec, int payloadType, IPEndPoint? remote, MediaDirection direction, int? telephoneEvent, string protection);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Audio negotiation failed: {Reason}")]
    private static partial void LogNegotiationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Media pump fell {Frames} frames behind; skipping ahead")]
    private static partial void LogClockSlip(ILogger logger, long frames);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Error, Message = "Media pump stopped on an error")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Debug, Message = "Sending DTMF {Digit} ({Method})")]
    private static partial void LogDtmfSending(ILogger logger, char digit, string method);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Information, Message = "DTMF {Digit} received")]
    private static partial void LogDtmfReceived(ILogger logger, char digit);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Warning, Message = "A DTMF handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
