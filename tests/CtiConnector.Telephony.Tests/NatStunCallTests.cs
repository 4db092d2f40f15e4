using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Peers;
using CtiConnector.Testing.Sipp;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// <c>Sip:StunServer</c> end to end: a real coturn (STUN-only) on loopback is asked from the SIP socket at start and from
/// the call's RTP socket before the INVITE's SDP is written, and sipp (answering the call) must see in <c>m=</c> the port
/// coturn reported. A dead STUN server costs one log line, and the calls that follow neither wait for it nor ask it again for a while. Loopback has no NAT, so the
/// reported address equals the local one: what is proven is where the question leaves from and that its answer is used.
/// </summary>
public sealed partial class NatStunCallTests
{
    [Fact]
    public async Task TheOfferCarriesThePortCoturnSawTheRtpSocketAt()
    {
        await using var coturn = await Coturn.StartAsync();
        var log = new LogLines();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        await using var harness = await TelephonyHarness.StartAsync(o => o.StunServer = $"127.0.0.1:{coturn.Port}", loggerFactory);
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        var sip = await log.WaitForAsync(SeenAt("SIP"));
        Assert.Equal($"127.0.0.1:{harness.Telephony.SipPort}", sip.Groups[1].Value);
        Assert.Equal(System.Net.IPEndPoint.Parse(sip.Groups[1].Value), harness.Telephony.PublicSipEndPoint);

        await harness.Telephony.DialAsync(new DialRequest("nat-1", sipp.Uri(), null), CancellationToken.None);
        Assert.Equal("nat-1", harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        await harness.Telephony.HangupAsync("nat-1", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());

        var rtp = await log.WaitForAsync(SeenAt("RTP"));
        var port = rtp.Groups[1].Value.Split(':')[1];
        Assert.Contains($"m=audio {port} RTP/AVP", sipp.Messages, StringComparison.Ordinal);
        Assert.Contains("c=IN IP4 127.0.0.1", sipp.Messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadStunServerIsLoggedOnceAndTheCallConnectsWithoutWaitingForItAgain()
    {
        var log = new LogLines();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        var deadPort = FreePort.Udp();
        await using var harness = await TelephonyHarness.StartAsync(o => o.StunServer = $"127.0.0.1:{deadPort}", loggerFactory);
        await using var sipp = SippRunner.Start("uas", "-m", "1");
        var failed = await log.WaitForAsync(new Regex(@"STUN for the SIP socket failed \((.*)\); using the local address, and not asking again for 60 s"));
        Assert.Equal($"no answer from the STUN server 127.0.0.1:{deadPort} after 4 requests in 2.75 s", failed.Groups[1].Value);

        await harness.Telephony.DialAsync(new DialRequest("nat-2", sipp.Uri(), null), CancellationToken.None);
        Assert.Equal("nat-2", harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        await harness.Telephony.HangupAsync("nat-2", CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>().Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());

        // The call's offer was written after the RTP socket's STUN question would have ended: none was asked (the
        // server failed moments before), so none failed and nothing more was logged about it.
        Assert.DoesNotContain(log.Lines, l => l.Contains("STUN for the RTP socket", StringComparison.Ordinal));
        Assert.Null(harness.Telephony.PublicSipEndPoint);
    }

    private static Regex SeenAt(string socket) => new($@"STUN: the {socket} socket is seen at ([0-9.]+:[0-9]+) by ");

    /// <summary>Keeps every formatted log line, to wait for the ones a test expects.</summary>
    private sealed class LogLines : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));

        public async Task<Match> WaitForAsync(Regex pattern)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                foreach (var line in _lines)
                {
                    if (pattern.Match(line) is { Success: true } match)
                    {
                        return match;
                    }
                }

                try
                {
                    await Task.Delay(20, patience.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"No log line matching {pattern}; lines were:\n{string.Join('\n', _lines)}");
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
