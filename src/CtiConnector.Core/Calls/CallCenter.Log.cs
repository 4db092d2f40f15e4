using CtiConnector.Core.Model;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Core.Calls;

public sealed partial class CallCenter
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} call(s) left live by the previous run marked interrupted")]
    private partial void LogInterrupted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} is {State} {Reason}")]
    private partial void LogRegistration(string accountId, RegistrationState state, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} started ({Direction}) with {Remote}")]
    private partial void LogCallStarted(string callId, CallDirection direction, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialling {Target} as call {CallId}")]
    private partial void LogDialing(string callId, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} ended: {Disposition} ({Reason})")]
    private partial void LogCallEnded(string callId, CallDisposition disposition, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telephony event {EventType} for unknown call {CallId} ignored")]
    private partial void LogUnknownCall(string eventType, string? callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling of {What} failed")]
    private partial void LogEventFailed(string what, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Number normalisation failed")]
    private partial void LogNormalizeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hanging up call {CallId} at shutdown failed")]
    private partial void LogShutdownHangupFailed(string callId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contacts imported: {Inserted} new, {Updated} updated")]
    private partial void LogImported(int inserted, int updated);
}
