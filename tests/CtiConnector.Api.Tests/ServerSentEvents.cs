namespace CtiConnector.Api.Tests;

/// <summary>Reads the agent's Server-Sent Events stream one event at a time (<c>event:</c> and <c>data:</c> lines, then a blank line).</summary>
internal static class ServerSentEvents
{
    /// <summary>The next event; heartbeat comments are skipped. Waits at most 30 s.</summary>
    public static async Task<(string Name, string Data)> ReadEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && name is not null)
            {
                return (name, data ?? string.Empty);
            }
        }

        throw new EndOfStreamException();
    }
}
