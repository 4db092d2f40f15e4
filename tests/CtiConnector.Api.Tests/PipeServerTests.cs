using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CtiConnector.Api.Pipe;
using CtiConnector.Core.Model;
using CtiConnector.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Api.Tests;

/// <summary>The pipe door over a real Unix domain socket: commands relayed to the command layer, errors, events.</summary>
public sealed class PipeServerTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cti-pipe-" + Guid.NewGuid().ToString("N")[..8]);
    private CallCenterFixture _fixture = null!;
    private PipeServer _server = null!;
    private Socket _socket = null!;
    private NetworkStream _stream = null!;
    private StreamReader _reader = null!;

    private string SocketPath => Path.Combine(_directory, "cti.sock");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _fixture = await CallCenterFixture.StartAsync();
        _server = new PipeServer(SocketPath, _fixture.Center, NullLogger<PipeServer>.Instance);
        _server.Start();
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await _socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        _stream = new NetworkStream(_socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public async Task DisposeAsync()
    {
        _reader.Dispose();
        await _server.DisposeAsync();
        await _fixture.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task DialIsRelayedToTheCommandLayerAndAnsweredWithTheCall()
    {
        var answer = await SendAsync("{\"id\":1,\"command\":\"dial\",\"args\":{\"to\":\"tel:0123456789;phone-context=+33\"}}");

        Assert.Equal(1, answer.GetProperty("id").GetInt32());
        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Equal("+33123456789", answer.GetProperty("result").GetProperty("remote").GetProperty("e164").GetString());
        Assert.True(_fixture.Telephony.Commands.TryPeek(out var command));
        Assert.StartsWith("dial ", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOptionLikeTargetIsRefusedWithTheApisProblemType()
    {
        var answer = await SendAsync("{\"id\":\"a\",\"command\":\"dial\",\"args\":{\"to\":\"-oProxyCommand=x\"}}");

        Assert.Equal("a", answer.GetProperty("id").GetString());
        Assert.False(answer.GetProperty("ok").GetBoolean());
        Assert.Equal(Problems.TypePrefix + "bad-target", answer.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(_fixture.Telephony.Commands);
    }

    [Fact]
    public async Task HangupWithoutACallIdTakesTheOnlyLiveCall()
    {
        var call = await _fixture.Center.DialAsync("0611223344", null, null, CancellationToken.None);

        var answer = await SendAsync("{\"id\":2,\"command\":\"hangup\"}");

        Assert.True(answer.GetProperty("ok").GetBoolean());
        Assert.Contains($"hangup {call.Id}", _fixture.Telephony.Commands);
    }

    [Fact]
    public async Task HistoryTakesTheSameFiltersAsTheApi()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        async Task<long> InsertAsync(string callId, string e164, CallDirection direction, DateTimeOffset at, CallDisposition disposition) =>
            await _fixture.History.InsertAsync(
                new HistoryRecord(0, callId, null, direction, new RemoteParty(e164, e164, null), null, at, null, at.AddSeconds(30), 0, disposition, null),
                CancellationToken.None);
        var early = await InsertAsync("p1", "+33140000001", CallDirection.Inbound, t0, CallDisposition.Missed);
        var late = await InsertAsync("p2", "+33140000002", CallDirection.Inbound, t0.AddHours(3), CallDisposition.Missed);
        var calledBack = await InsertAsync("p3", "+33140000002", CallDirection.Outbound, t0.AddHours(4), CallDisposition.Answered);

        var missed = await SendAsync("{\"id\":1,\"command\":\"history\",\"args\":{\"missed\":true}}");
        var window = await SendAsync("{\"id\":2,\"command\":\"history\",\"args\":{\"from\":\"2026-03-02T10:30:00+01:00\",\"to\":\"2026-03-02T12:30:00Z\"}}");
        var backwards = await SendAsync("{\"id\":3,\"command\":\"history\",\"args\":{\"from\":\"2026-03-02T12:00:00Z\",\"to\":\"2026-03-02\"}}");
        var notBool = await SendAsync("{\"id\":4,\"command\":\"history\",\"args\":{\"missed\":\"yes\"}}");
        var text = await SendAsync("{\"id\":5,\"command\":\"history\",\"args\":{\"q\":\" 40000002 \"}}");
        var textAndMissed = await SendAsync("{\"id\":7,\"command\":\"history\",\"args\":{\"q\":\"4000000\",\"missed\":true}}");
        var tooLong = await SendAsync("{\"id\":6,\"command\":\"history\",\"args\":{\"q\":\"" + new string('x', 101) + "\"}}");

        Assert.Equal([early], missed.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal([late], window.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("to must be later than from.", backwards.GetProperty("error").GetProperty("detail").GetString());
        Assert.Equal(Problems.TypePrefix + "bad-request", notBool.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal([calledBack, late], text.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal([early], textAndMissed.GetProperty("result").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("q must be 1 to 100 characters (spaces around it are ignored).", tooLong.GetProperty("error").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task MalformedJsonAndUnknownCommandsAreAnsweredNotFatal()
    {
        var malformed = await SendAsync("{\"id\":");
        var unknown = await SendAsync("{\"id\":3,\"command\":\"format-disk\"}");
        var status = await SendAsync("{\"id\":4,\"command\":\"status\"}");

        Assert.Equal(Problems.TypePrefix + "bad-request", malformed.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(Problems.TypePrefix + "unknown-command", unknown.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("9.9.9", status.GetProperty("result").GetProperty("version").GetString());
    }

    [Fact]
    public async Task SubscribeSendsTheSnapshotThenEvents()
    {
        var ok = await SendAsync("{\"id\":5,\"command\":\"subscribe\"}");
        var snapshot = await ReadLineAsync();
        await _fixture.Center.DialAsync("0611223344", null, null, CancellationToken.None);
        var outgoing = await ReadLineAsync();

        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal("snapshot", snapshot.GetProperty("event").GetProperty("type").GetString());
        Assert.Equal("call.outgoing", outgoing.GetProperty("event").GetProperty("type").GetString());
    }

    [Fact]
    public void TheSocketIsForTheUserAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows uses a CurrentUserOnly named pipe.
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
    }

    private async Task<JsonElement> SendAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        return await ReadLineAsync();
    }

    private async Task<JsonElement> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
