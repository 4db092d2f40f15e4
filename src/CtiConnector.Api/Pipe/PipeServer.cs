using System.Buffers;
using System.IO.Pipelines;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Text.Json;
using CtiConnector.Api.Json;
using CtiConnector.Api.Plugins;
using CtiConnector.Core.Calls;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Api.Pipe;

/// <summary>
/// The pipe door: a Unix domain socket (mode 600) or, on Windows, a named pipe open to the current user only. Each
/// connection speaks newline-delimited JSON, relayed into the same <see cref="CallCenter"/> as the HTTP API:
/// <code>
/// → {"id":1,"command":"dial","args":{"to":"+33123456789"}}
/// ← {"id":1,"ok":true,"result":{"id":"4f..","direction":"outbound","state":"dialing",...}}
/// ← {"id":2,"ok":false,"error":{"type":"urn:cti-connector:problem:no-such-call","title":"No such call","status":404,"detail":"..."}}
/// → {"id":3,"command":"subscribe"}
/// ← {"id":3,"ok":true,"result":null}
/// ← {"event":{"type":"snapshot",...}}
/// </code>
/// Commands: see <see cref="PipeCommands"/>. A line longer than <see cref="MaxLineBytes"/> closes the connection.
/// </summary>
public sealed partial class PipeServer : IAsyncDisposable
{
    /// <summary>Longest request line accepted.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private readonly string _path;
    private readonly CallCenter _center;
    private readonly IPluginCatalog? _plugins;
    private readonly ILogger<PipeServer> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _disposed;

    public PipeServer(string path, CallCenter center, ILogger<PipeServer> logger, IPluginCatalog? plugins = null)
    {
        _plugins = plugins;
        _path = path;
        _center = center;
        _logger = logger;
    }

    /// <summary>Opens the socket (or pipe) and starts accepting connections.</summary>
    public void Start()
    {
        if (OperatingSystem.IsWindows())
        {
            _accepting = Task.Run(AcceptNamedPipesAsync);
            return;
        }

        if (File.Exists(_path))
        {
            // A socket left by an agent that died: the instance lock says nobody else serves this directory.
            File.Delete(_path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(16);
        _listener = listener;
        _accepting = Task.Run(AcceptSocketsAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows() && File.Exists(_path))
        {
            File.Delete(_path);
        }

        _stopping.Dispose();
    }

    private async Task AcceptSocketsAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Track(ServeAsync(new NetworkStream(client, ownsSocket: true)));
        }
    }

    private async Task AcceptNamedPipesAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var server = new NamedPipeServerStream(
                _path, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte,
                System.IO.Pipes.PipeOptions.Asynchronous | System.IO.Pipes.PipeOptions.CurrentUserOnly);
            try
            {
                await server.WaitForConnectionAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                return;
            }

            Track(ServeAsync(server));
        }
    }

    private void Track(Task connection)
    {
        lock (_gate)
        {
            _connections.RemoveAll(t => t.IsCompleted);
            _connections.Add(connection);
        }
    }

    private async Task ServeAsync(Stream stream)
    {
        await using var connection = new PipeConnection(stream, _center, _plugins, _stopping.Token);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the agent is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogConnectionFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pipe connection failed")]
    private partial void LogConnectionFailed(Exception exception);

    /// <summary>One client: reads request lines, writes answers and (once subscribed) events, one line each.</summary>
    private sealed class PipeConnection(Stream stream, CallCenter center, IPluginCatalog? plugins, CancellationToken stopping) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private Task _events = Task.CompletedTask;

        public async Task RunAsync()
        {
            var reader = PipeReader.Create(stream);
            while (true)
            {
                var read = await reader.ReadAsync(_closed.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (line.Length > 0)
                    {
                        await HandleAsync(line.IsSingleSegment ? line.FirstSpan.ToArray() : line.ToArray()).ConfigureAwait(false);
                    }
                }

                if (buffer.Length > MaxLineBytes)
                {
                    await WriteErrorAsync(null, new PipeProblem(413, "payload-too-large", "Payload too large", $"Lines are limited to {MaxLineBytes} bytes.")).ConfigureAwait(false);
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _closed.CancelAsync().ConfigureAwait(false);
            try
            {
                await _events.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Closed.
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            _closed.Dispose();
            _writeLock.Dispose();
        }

        private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                line = default;
                return false;
            }

            line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            return true;
        }

        private async Task HandleAsync(byte[] line)
        {
            JsonElement? id = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new PipeProblem(400, "bad-request", "Bad request", "Each line must be a JSON object.");
                }

                if (root.TryGetProperty("id", out var idElement))
                {
                    id = idElement.Clone();
                }

                var command = root.TryGetProperty("command", out var commandElement) && commandElement.ValueKind == JsonValueKind.String
                    ? commandElement.GetString()!
                    : throw new PipeProblem(400, "bad-request", "Bad request", "The request has no \"command\".");
                var args = root.TryGetProperty("args", out var argsElement) && argsElement.ValueKind == JsonValueKind.Object ? argsElement.Clone() : default;
                if (command == "subscribe")
                {
                    await WriteResultAsync(id, null).ConfigureAwait(false);
                    if (_events.IsCompleted)
                    {
                        _events = RelayEventsAsync();
                    }

                    return;
                }

                var result = await PipeCommands.ExecuteAsync(center, command, args, _closed.Token, plugins).ConfigureAwait(false);
                await WriteResultAsync(id, result).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                await WriteErrorAsync(id, new PipeProblem(400, "bad-request", "Bad request", $"The line is not valid JSON: {ex.Message}")).ConfigureAwait(false);
            }
            catch (PipeProblem ex)
            {
                await WriteErrorAsync(id, ex).ConfigureAwait(false);
            }
            catch (CallCenterException ex)
            {
                await WriteErrorAsync(id, PipeProblem.From(ex)).ConfigureAwait(false);
            }
        }

        private async Task RelayEventsAsync()
        {
            using var subscription = center.Subscribe();
            await foreach (var evt in subscription.Reader.ReadAllAsync(_closed.Token).ConfigureAwait(false))
            {
                var payload = EventJson.Serialize(evt);
                await WriteLineAsync(writer =>
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("event");
                    writer.WriteRawValue(payload, skipInputValidation: true);
                    writer.WriteEndObject();
                }).ConfigureAwait(false);
            }
        }

        private Task WriteResultAsync(JsonElement? id, Action<Utf8JsonWriter>? result) => WriteLineAsync(writer =>
        {
            writer.WriteStartObject();
            WriteId(writer, id);
            writer.WriteBoolean("ok", true);
            writer.WritePropertyName("result");
            if (result is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                result(writer);
            }

            writer.WriteEndObject();
        });

        private Task WriteErrorAsync(JsonElement? id, PipeProblem problem) => WriteLineAsync(writer =>
        {
            writer.WriteStartObject();
            WriteId(writer, id);
            writer.WriteBoolean("ok", false);
            writer.WritePropertyName("error");
            JsonSerializer.Serialize(writer, new ProblemBody(Problems.TypePrefix + problem.Code, problem.Title, problem.Status, problem.Message), ApiJsonContext.Default.ProblemBody);
            writer.WriteEndObject();
        });

        private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
        {
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        private async Task WriteLineAsync(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }

            await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(buffer.WrittenMemory, _closed.Token).ConfigureAwait(false);
                stream.WriteByte((byte)'\n');
                await stream.FlushAsync(_closed.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}
