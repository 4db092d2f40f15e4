using Microsoft.Extensions.Logging;

namespace CtiConnector.Storage;

/// <summary>Source-generated log messages of the storage layer.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Storage opened: {Provider} at {Location}")]
    public static partial void Opened(ILogger logger, string provider, string location);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void DatabaseMovedAside(ILogger logger, string message);
}
