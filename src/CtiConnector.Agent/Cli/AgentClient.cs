using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CtiConnector.Agent.Hosting;

namespace CtiConnector.Agent.Cli;

/// <summary>
/// The CLI's side of the pipe door: finds the agent through <c>agent.json</c> in the data directory, sends one
/// newline-delimited JSON request and reads its answer (skipping events).
/// </summary>
public sealed class AgentClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private long _nextId;

    private AgentClient(Stream stream)
    {
        _stream = stream;
        _reader = new StreamReader(stream, new UTF8Encoding(false));
    }

    /// <summary>Connects to the agent of <paramref name="dataDirectory"/>; throws <see cref="AgentNotRunningException"/> when there is none.</summary>
    public static async Task<AgentClient> ConnectAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var info = AgentInfo.TryRead(dataDirectory);
        if (info?.Pipe is null)
        {
            throw new AgentNotRunningException($"No agent is running for {dataDirectory} (no agent.json); start one with 'cti agent'.");
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                var pipe = new NamedPipeClientStream(".", info.Pipe, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
                await pipe.ConnectAsync(5000, cancellationToken);
                return new AgentClient(pipe);
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(info.Pipe), cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return new AgentClient(new NetworkStream(socket, ownsSocket: true));
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            throw new AgentNotRunningException($"The agent of {dataDirectory} does not answer on {info.Pipe} ({ex.Message}).", ex);
        }
    }

    /// <summary>Sends <paramref name="command"/> and returns the answer line (<c>{"id","ok","result"|"error"}</c>).</summary>
    public async Task<JsonDocument> SendAsync(string command, Action<Utf8JsonWriter>? writeArgs, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        using (var buffer = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", id);
                writer.WriteString("command", command);
                writer.WriteStartObject("args");
                writeArgs?.Invoke(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            await _stream.WriteAsync(buffer.ToArray(), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
        }

        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("id", out var answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt64() == id)
            {
                return document;
            }

            document.Dispose();
        }

        throw new AgentNotRunningException("The agent closed the connection before answering.");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}

/// <summary>No agent answers for the data directory.</summary>
public sealed class AgentNotRunningException : Exception
{
    public AgentNotRunningException()
    {
    }

    public AgentNotRunningException(string message) : base(message)
    {
    }

    public AgentNotRunningException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
