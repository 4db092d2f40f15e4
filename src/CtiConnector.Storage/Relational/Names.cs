using CtiConnector.Core.Model;

namespace CtiConnector.Storage.Relational;

/// <summary>The stored (and public) names of enums: kebab case, as in the HTTP API.</summary>
internal static class Names
{
    public static string Of(CallDisposition disposition) => disposition switch
    {
        CallDisposition.Answered => "answered",
        CallDisposition.Missed => "missed",
        CallDisposition.Declined => "declined",
        CallDisposition.Busy => "busy",
        CallDisposition.Failed => "failed",
        CallDisposition.Cancelled => "cancelled",
        CallDisposition.NoAnswer => "no-answer",
        CallDisposition.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Unknown disposition."),
    };

    public static CallDisposition ParseDisposition(string name) => name switch
    {
        "answered" => CallDisposition.Answered,
        "missed" => CallDisposition.Missed,
        "declined" => CallDisposition.Declined,
        "busy" => CallDisposition.Busy,
        "failed" => CallDisposition.Failed,
        "cancelled" => CallDisposition.Cancelled,
        "no-answer" => CallDisposition.NoAnswer,
        "interrupted" => CallDisposition.Interrupted,
        _ => throw new StorageException(StorageErrorKind.Other, $"The database holds an unknown call disposition '{name}'."),
    };

    public static string Of(CallDirection direction) => direction switch
    {
        CallDirection.Outbound => "outbound",
        CallDirection.Inbound => "inbound",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
    };

    public static CallDirection ParseDirection(string name) => name switch
    {
        "outbound" => CallDirection.Outbound,
        "inbound" => CallDirection.Inbound,
        _ => throw new StorageException(StorageErrorKind.Other, $"The database holds an unknown call direction '{name}'."),
    };
}
