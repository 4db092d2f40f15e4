using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Media.Rtp;

/// <summary>Source-generated log messages.</summary>
public sealed partial class RtpSession
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "RTP bound on {LocalEndPoint}, SSRC {Ssrc:x8}")]
    private static partial void LogBound(ILogger logger, IPEndPoint localEndPoint, uint ssrc);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "RTP port {LocalEndPoint} released")]
    private static partial void LogReleased(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Symmetric RTP: media comes from {Source} (signalled {Signalled}), SSRC {Ssrc:x8}; sending there")]
    private static partial void LogLatched(ILogger logger, IPEndPoint source, IPEndPoint? signalled, uint ssrc);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "RTP source {Ssrc:x8} moved to {Source}")]
    private static partial void LogRelatched(ILogger logger, IPEndPoint source, uint ssrc);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "New RTP source {Ssrc:x8} from {Source}")]
    private static partial void LogNewSource(ILogger logger, uint ssrc, IPEndPoint source);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "Sending to {Remote} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint? remote, SocketError error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "RTP receive failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Malformed RTCP from {Source}: {Reason}")]
    private static partial void LogBadRtcp(ILogger logger, IPEndPoint source, string reason);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "RTCP BYE from {Source}")]
    private static partial void LogByeReceived(ILogger logger, IPEndPoint source);
}
