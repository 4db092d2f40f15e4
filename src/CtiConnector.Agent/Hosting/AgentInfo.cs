using System.Text.Json;
using System.Text.Json.Serialization;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// <c>agent.json</c> in the data directory, written once the agent is ready and removed when it stops:
/// <c>{"pid":1234,"version":"0.1.0","apiUrl":"http://127.0.0.1:5995","pipe":"/home/u/.local/share/cti-connector/cti.sock","sipAddress":"0.0.0.0","sipPort":5060}</c>.
/// </summary>
public sealed record AgentInfo(int Pid, string Version, string ApiUrl, string? Pipe, string? SipAddress, int? SipPort)
{
    public const string FileName = "agent.json";
    public const string TokenFileName = "api-token";

    /// <summary>Reads <c>agent.json</c> of <paramref name="dataDirectory"/>, or null when absent or unreadable.</summary>
    public static AgentInfo? TryRead(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(dataDirectory, FileName)), AgentJsonContext.Default.AgentInfo);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically (temp file, then rename), readable by the user alone.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Source-generated JSON for the agent's own files.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(AgentInfo))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
