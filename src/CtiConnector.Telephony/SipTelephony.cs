using System.Collections.Concurrent;
using System.Threading.Channels;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Invite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Telephony;

/// <summary>
/// The telephony layer: joins the SIP user agent and the media into the calls the core drives
/// (<see cref="ITelephony"/>). Owns the SIP transport, the accounts and their registrations, the
/// calls, and the built-in test line. Events reach the core in order, from one dispatcher.
/// </summary>
public sealed partial class SipTelephony : ITelephony, IAsyncDisposable
{
    private readonly TelephonyOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TelephonyCall> _calls = new(StringComparer.Ordinal);
    private readonly Lock _waitingGate = new();
    private readonly Lock _preparingGate = new();

    /// <summary>Outgoing calls asked for but not placed yet (media, STUN), with whether they were hung up meanwhile.</summary>
    private readonly Dictionary<string, bool> _preparing = new(StringComparer.Ordinal);
    private readonly List<AccountState> _accounts = [];
    private readonly Channel<TelephonyEvent> _events = Channel.CreateUnbounded<TelephonyEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ICallMediaFactory _mediaFactory;
    private Action<TelephonyEvent>? _listener;
    private SipTransportLayer? _transport;
    private UserAgentCore? _userAgent;
    private TransactionLayer? _transactions;
    private SipTargetResolver? _resolver;
    private EchoTestLine? _echoLine;
    private Task? _dispatcher;
    private volatile bool _doNotDisturb;

    public SipTelephony(TelephonyOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
        : this(options, loggerFactory, time, mediaFactory: null)
    {
    }

    /// <summary>With the media of each call made by <paramref name="mediaFactory"/> (tests wrap the real one to watch it).</summary>
    internal SipTelephony(TelephonyOptions options, ILoggerFactory? loggerFactory, TimeProvider? time, Func<ICallMediaFactory, ICallMediaFactory>? mediaFactory)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SipTelephony>();
        _time = time ?? TimeProvider.System;
        ICallMediaFactory media = new CallMediaFactory(options, _loggerFactory, _time);
        _mediaFactory = mediaFactory is null ? media : mediaFactory(media);
    }

    /// <summary>The SIP port actually bound (UDP and TCP).</summary>
    public int SipPort => _transport?.Port ?? 0;

    public System.Net.IPAddress SipAddress => _options.Address;

    /// <summary>The URI of the built-in test line, when it runs.</summary>
    public SipUri? EchoLineUri => _echoLine?.Uri;

    public IReadOnlyList<AccountInfo> Accounts
    {
        get
        {
            lock (_accounts)
            {
                return _accounts.Select(a => a.Info).ToList();
            }
        }
    }

    public void SetListener(Action<TelephonyEvent> listener) => _listener = listener ?? throw new ArgumentNullException(nameof(listener));

    public void SetDoNotDisturb(bool enabled) => _doNotDisturb = enabled;

    /// <summary>Binds SIP, starts the accounts' registrations and the test line.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var caCertificates = LoadTlsCaFile();
        _dispatcher = Task.Run(DispatchAsync, CancellationToken.None);
        _transport = new SipTransportLayer(
            new SipTransportOptions { Address = _options.Address, Port = _options.Port, TlsCaCertificates = caCertificates },
            _loggerFactory.CreateLogger<SipTransportLayer>(),
            _time);
        await _transport.StartAsync(cancellationToken).ConfigureAwait(false);
        var transactions = new TransactionLayer(_transport, _time, logger: _loggerFactory.CreateLogger<TransactionLayer>());
        _transactions = transactions;
        // RFC 3263: registrars, proxies and callees given by host name are looked up here (cached by TTL).
        _resolver = new SipTargetResolver(new DnsClient(new DnsClientOptions { Servers = _options.DnsServers }, _time, _loggerFactory.CreateLogger<DnsClient>()));
        _userAgent = new UserAgentCore(transactions, new UserAgentOptions { Product = _options.Product }, _loggerFactory.CreateLogger<UserAgentCore>(), _resolver);
        _userAgent.IncomingCall += OnIncomingCall;

        var accounts = new List<AccountState>();
        foreach (var account in _options.Accounts)
        {
            var state = new AccountState(account);
            lock (_accounts)
            {
                _accounts.Add(state);
            }

            accounts.Add(state);
        }

        // With a STUN server the public address is learned first (in the background), then the accounts register.
        var registrations = StartRegistrationsAsync(accounts);
        if (string.IsNullOrEmpty(_options.StunServer))
        {
            await registrations.ConfigureAwait(false);
        }
        else
        {
            _ = registrations.ContinueWith(t => LogRegistrationsFailed(t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        if (_options.EnableEchoLine)
        {
            _echoLine = new EchoTestLine(_options, _loggerFactory, _time);
            await _echoLine.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        LogStarted(_options.Address, SipPort, _options.Accounts.Count);
    }

    /// <summary>The CA certificates of <c>Sip:TlsCaFile</c>, or null without one; a bad file stops the start with its reason.</summary>
    private System.Security.Cryptography.X509Certificates.X509Certificate2Collection? LoadTlsCaFile()
    {
        if (string.IsNullOrWhiteSpace(_options.TlsCaFile))
        {
            return null;
        }

        try
        {
            return TlsCertificateCheck.LoadCaFile(_options.TlsCaFile);
        }
        catch (InvalidDataException ex)
        {
            throw new TelephonyException("bad-config", "Sip:TlsCaFile: " + ex.Message);
        }
    }

    /// <summary>Hangs up every call, unregisters, and closes the sockets.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var call in _calls.Values)
        {
            call.Session.Hangup();
        }

        await StopRegistrationsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _calls.Values)
        {
            call.Session.Hangup();
            await call.Media.DisposeAsync().ConfigureAwait(false);
        }

        _calls.Clear();
        await DisposeRegistrationsAsync().ConfigureAwait(false);
        if (_echoLine is not null)
        {
            await _echoLine.DisposeAsync().ConfigureAwait(false);
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }

        _events.Writer.TryComplete();
        if (_dispatcher is not null)
        {
            await _dispatcher.ConfigureAwait(false);
        }
    }

    private void Emit(TelephonyEvent telephonyEvent) => _events.Writer.TryWrite(telephonyEvent);

    private async Task DispatchAsync()
    {
        await foreach (var item in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                _listener?.Invoke(item);
            }
#pragma warning disable CA1031 // The core's faults must not stop the event flow.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogListenerFailed(ex);
            }
        }
    }

    /// <summary>The media counters of a live call (for tests and diagnostics), or null when there is no such call.</summary>
    internal Media.MediaStatistics? MediaStatisticsOf(string callId) =>
        _calls.TryGetValue(callId, out var call) ? call.Media.GetStatistics() : null;

    private TelephonyCall GetCall(string callId) =>
        _calls.TryGetValue(callId, out var call) ? call : throw new TelephonyException("no-such-call", $"There is no call {callId}.");

    private AccountState? FindAccount(string? accountId)
    {
        lock (_accounts)
        {
            if (accountId is null)
            {
                return _accounts.FirstOrDefault();
            }

            return _accounts.FirstOrDefault(a => string.Equals(a.Options.Id, accountId, StringComparison.Ordinal))
                ?? throw new TelephonyException("no-such-account", $"There is no account '{accountId}'.");
        }
    }

    internal static IReadOnlyList<SipCredentials> CredentialsOf(AccountOptions account) =>
        string.IsNullOrEmpty(account.Username) && string.IsNullOrEmpty(account.Password)
            ? []
            : [new SipCredentials(account.Username ?? string.Empty, account.Password ?? string.Empty)];

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Telephony ready: SIP on {Address}:{Port}, {Accounts} account(s)")]
    private partial void LogStarted(System.Net.IPAddress address, int port, int accounts);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "The core's telephony listener failed")]
    private partial void LogListenerFailed(Exception exception);
}
