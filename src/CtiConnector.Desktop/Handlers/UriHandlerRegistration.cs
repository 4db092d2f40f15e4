namespace CtiConnector.Desktop.Handlers;

/// <summary>
/// What <c>cti register-handlers</c> writes: the URI schemes the agent answers and the command a click runs
/// (<c>COMMAND [--data-dir DIR] dial --start URI</c>).
/// </summary>
public sealed record UriHandlerRegistration(string Command, string? DataDirectory)
{
    /// <summary>The schemes whose links place calls.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["tel", "sip", "sips", "callto"];

    /// <summary>The application id: the <c>.desktop</c> file name on Linux, the program key on Windows.</summary>
    public const string ApplicationId = "cti-connector";

    /// <summary>The arguments placed before the URI.</summary>
    public IReadOnlyList<string> Arguments =>
        DataDirectory is null ? ["dial", "--start"] : ["--data-dir", DataDirectory, "dial", "--start"];
}
