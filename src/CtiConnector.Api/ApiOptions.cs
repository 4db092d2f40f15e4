namespace CtiConnector.Api;

/// <summary>Settings of the local API (HTTP, WebSocket, SSE) and of the pipe door.</summary>
public sealed class ApiOptions
{
    /// <summary>The API's default port on 127.0.0.1.</summary>
    public const int DefaultPort = 5995;

    /// <summary>The user's own token (<c>api-token</c>): full access, including pairing approval.</summary>
    public required string Token { get; init; }

    /// <summary>Web origins trusted without pairing (<c>Api:AllowedOrigins:N</c>), e.g. <c>https://crm.example.com</c>.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Largest JSON request body, in bytes (default 64 KiB).</summary>
    public long MaxJsonBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Largest contacts import body, in bytes (default 64 MiB).</summary>
    public long MaxImportBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Calls that may be created in a burst (token bucket size; default 10).</summary>
    public int CallCreationBurst { get; init; } = 10;

    /// <summary>Calls the bucket regains per minute (default 30).</summary>
    public int CallCreationPerMinute { get; init; } = 30;

    /// <summary>Where paired origins and their tokens are kept across restarts; null keeps them in memory only.</summary>
    public string? PairingsFile { get; init; }

    /// <summary>How often the Server-Sent Events stream sends a comment line when it has nothing else to say, so that
    /// proxies and browsers keep it open (default 15 s).</summary>
    public TimeSpan EventHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The configured audio device (<c>Audio:Device</c>), shown by the web UI's settings; null when not known.</summary>
    public string? AudioDevice { get; init; }

    /// <summary>Where the web UI's sessions are remembered across restarts (hashes only); null keeps them in memory only.</summary>
    public string? UiSessionsFile { get; init; }

    /// <summary>Unix socket path (named pipe name on Windows) of the pipe door; null disables it.</summary>
    public string? PipePath { get; init; }
}
