using System.Collections.Concurrent;
using System.Net;
using CtiConnector.Core.Telephony;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony.Tests;

/// <summary>A real <see cref="SipTelephony"/> on a free loopback port, recording every event it reports.</summary>
internal sealed class TelephonyHarness : IAsyncDisposable
{
    private readonly BlockingCollection<TelephonyEvent> _events = [];

    private TelephonyHarness(SipTelephony telephony)
    {
        Telephony = telephony;
        telephony.SetListener(_events.Add);
    }

    public SipTelephony Telephony { get; }

    public static Task<TelephonyHarness> StartAsync(Action<TelephonyOptions>? configure = null, ILoggerFactory? loggerFactory = null) =>
        StartAsync(configure, loggerFactory, mediaFactory: null);

    /// <summary>A harness whose calls' media are made by <paramref name="mediaFactory"/> over the real factory.</summary>
    public static async Task<TelephonyHarness> StartAsync(Action<TelephonyOptions>? configure, ILoggerFactory? loggerFactory, Func<ICallMediaFactory, ICallMediaFactory>? mediaFactory)
    {
        var options = new TelephonyOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            AudioDevice = "null",
            RtpPortMin = 40000,
            RtpPortMax = 49998,
        };
        configure?.Invoke(options);
        var log = Environment.GetEnvironmentVariable("CTI_TEST_LOG");
        loggerFactory ??= string.IsNullOrEmpty(log) ? null : LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(log, "port?")));
        var telephony = new SipTelephony(options, loggerFactory, time: null, mediaFactory);
        // The listener goes first: a registrar on loopback can answer before StartAsync returns, and an event
        // dispatched with no listener is gone.
        var harness = new TelephonyHarness(telephony);
        await telephony.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>
    /// Waits for the next event of type <typeparamref name="T"/> (skipping others), or fails after <paramref name="seconds"/>
    /// with <paramref name="context"/> (e.g. the peer's message trace) in the failure message.
    /// </summary>
    public T Next<T>(int seconds = 30, Func<string>? context = null)
        where T : TelephonyEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var item = _events.Take(timeout.Token);
                if (item is T match)
                {
                    return match;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} event within {seconds} s." + (context is null ? string.Empty : "\n" + context()));
        }
    }

    /// <summary>The next event of type <typeparamref name="T"/> (skipping others), or null after <paramref name="seconds"/>.</summary>
    public T? TryNext<T>(int seconds)
        where T : TelephonyEvent
    {
        try
        {
            return Next<T>(seconds);
        }
        catch (Xunit.Sdk.XunitException)
        {
            return null;
        }
    }

    /// <summary>Every event up to and including the next <typeparamref name="T"/>, in order (to check what came before it).</summary>
    public IReadOnlyList<TelephonyEvent> Until<T>(int seconds = 30, Func<string>? context = null)
        where T : TelephonyEvent
    {
        var seen = new List<TelephonyEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var item = _events.Take(timeout.Token);
                seen.Add(item);
                if (item is T)
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"No {typeof(T).Name} event within {seconds} s (saw {string.Join(", ", seen.Select(e => e.GetType().Name))})."
                + (context is null ? string.Empty : "\n" + context()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Telephony.DisposeAsync();
        _events.Dispose();
    }
}
