using CtiConnector.Sip.Authentication;
using CtiConnector.Sip.Dns;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Sip.UserAgent.Registration;

/// <summary>
/// Keeps one account registered (RFC 3261 §10.2): REGISTER with a constant Call-ID and a growing CSeq, digest
/// authentication, 423 handled with Min-Expires, refresh before expiry, retries with a capped exponential backoff
/// after failures, and unregistration on stop. The registrar's host is resolved per RFC 3263 (a host name through
/// DNS NAPTR/SRV/A), and a target that does not answer, fails at the transport or answers 503 makes the client
/// try the next one (§4.3); a new round after a failure resolves again from the top. Several clients (accounts) can share one <see cref="TransactionLayer"/>.
/// <example>
/// <code>
/// var transport = new SipTransportLayer(new SipTransportOptions { Port = 5070 });
/// var transactions = new TransactionLayer(transport);
/// await transport.StartAsync(ct);
/// await using var registration = new RegistrationClient(transactions, new RegistrationOptions
/// {
///     Aor = SipUri.Parse("sip:alice@127.0.0.1:5080"),
///     Registrar = SipUri.Parse("sip:127.0.0.1:5080"),
///     Credentials = [new SipCredentials("alice", "secret")],
/// });
/// registration.StatusChanged += (_, status) => Console.WriteLine(status); // "registered", "failed: no response from 127.0.0.1:5080"
/// await registration.StartAsync(ct);
/// </code>
/// </example>
/// </summary>
public sealed partial class RegistrationClient : IAsyncDisposable
{
    private readonly TransactionLayer _transactions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DigestSession _digest;
    private readonly object _gate = new();
    private readonly string _callId = SipIdentifiers.NewCallId();
    private readonly string _fromTag = SipIdentifiers.NewTag();
    private RegistrationStatus _status;
    private readonly SipTargetResolver _resolver;
    private SipEndPoint? _destination;
    private SipTargetList? _targets;
    private System.Net.IPAddress? _sourceAddress;
    private Attempt? _current;
    private ITimer? _timer;
    private TaskCompletionSource? _unregistered;
    private long _cseq;
    private int _expires;
    private int _failuresInARow;
    private int _requestsSent;
    private bool _started;
    private bool _stopping;
    private bool _mayHoldBinding;
    private KeepAlive? _keepAlive;
    private System.Net.IPEndPoint? _reflexiveContact;
    private SipUri? _staleContact;

    /// <param name="resolver">Where host names are resolved; the system's DNS servers when null.</param>
    public RegistrationClient(TransactionLayer transactions, RegistrationOptions options, ILogger<RegistrationClient>? logger = null, SipTargetResolver? resolver = null)
    {
        _resolver = resolver ?? SipTargetResolver.System;
        _transactions = transactions ?? throw new ArgumentNullException(nameof(transactions));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(options.Aor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Expires);
        _logger = logger ?? NullLogger<RegistrationClient>.Instance;
        _time = transactions.Time;
        _digest = new DigestSession(options.Credentials);
        _expires = options.Expires;
        _status = new RegistrationStatus(RegistrationState.Unregistered, "not started", _time.GetUtcNow());
    }

    /// <summary>Raised on every state change, on a new reason, and after every accepted refresh; on whichever thread caused it.</summary>
    public event EventHandler<RegistrationStatus>? StatusChanged;

    public RegistrationOptions Options { get; }

    public RegistrationStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>REGISTER requests handed to the transaction layer so far (not counting retransmissions).</summary>
    public int RequestsSent => Volatile.Read(ref _requestsSent);

    /// <summary>
    /// The address and port our Contact carries when it is not the SIP socket's own: the one the registrar reported in
    /// <c>received</c>/<c>rport</c> (NAT), else <see cref="RegistrationOptions.PublicEndPoint"/>; null otherwise. Dialogs of
    /// this account use it for their Contact too.
    /// </summary>
    public System.Net.IPEndPoint? PublicContact
    {
        get
        {
            lock (_gate)
            {
                return _reflexiveContact ?? Options.PublicEndPoint;
            }
        }
    }

    /// <summary>The Call-ID shared by every REGISTER of this client.</summary>
    public string CallId => _callId;

    /// <summary>
    /// Sends the first REGISTER. Without a registrar the account simply stays unregistered. A client runs once:
    /// after <see cref="StopAsync"/>, create a new one to register again.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RegistrationStatus? changed;
        lock (_gate)
        {
            if (_started)
            {
                return Task.CompletedTask;
            }

            _started = true;
            var hop = RegistrationTarget.NextHop(Options, out var failure);
            if (Options.Registrar is null || (hop is null && failure is null))
            {
                changed = SetStatus(RegistrationState.Unregistered, "no registrar configured");
            }
            else if (hop is null)
            {
                // Not retried: only a configuration change can fix it.
                changed = SetStatus(RegistrationState.Failed, failure!);
            }
            else
            {
                changed = null;
            }
        }

        Publish(changed);
        if (changed is null)
        {
            RegisterFromFirstTarget();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Resolves the registrar (RFC 3263 §4; at once for a numeric host, else through DNS and its cache) and sends
    /// REGISTER to the first target. A lookup that finds nothing fails with its reason and is retried like a
    /// registrar that does not answer.
    /// </summary>
    private void RegisterFromFirstTarget()
    {
        var hop = RegistrationTarget.NextHop(Options, out _)!;
        ValueTask<SipLocation> pending;
        try
        {
            pending = _resolver.ResolveAsync(hop, RegistrationTarget.PreferredTransport(Options, hop), _transactions.Transport, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pending = ValueTask.FromResult(new SipLocation([], $"cannot resolve {hop.Host}: {ex.Message}"));
        }

        if (pending.IsCompletedSuccessfully)
        {
            OnResolved(pending.Result);
        }
        else
        {
            _ = AwaitResolvedAsync(pending, hop);
        }
    }

    private async Task AwaitResolvedAsync(ValueTask<SipLocation> pending, SipUri hop)
    {
        SipLocation location;
        try
        {
            location = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            location = new SipLocation([], $"cannot resolve {hop.Host}: {ex.Message}");
        }

        OnResolved(location);
    }

    private void OnResolved(SipLocation location)
    {
        RegistrationStatus? changed = null;
        var send = false;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            if (location.Found)
            {
                _targets = location.ToTargetList();
                UseTarget(_targets.Current!.Value);
                send = true;
            }
            else
            {
                changed = FailAndRetry(location.Failure ?? "the registrar's address could not be found", null);
            }
        }

        Publish(changed);
        if (send)
        {
            SendRegister(unregister: false);
        }
    }

    /// <summary>
    /// RFC 3263 §4.3: after a timeout, a transport error or a 503, the next target of the list, if any. The caller holds
    /// the lock and sends the new REGISTER (a new transaction: new branch, next CSeq) when this returns true.
    /// </summary>
    private bool TryNextTarget(string why)
    {
        if (_targets is null || _stopping || !_targets.TryMoveNext())
        {
            return false;
        }

        var failed = Describe();
        UseTarget(_targets.Current!.Value);
        LogFailover(Options.Aor, failed, why, Describe());
        return true;
    }

    private void UseTarget(SipEndPoint destination)
    {
        if (_destination is { } previous && !previous.EndPoint.Address.Equals(destination.EndPoint.Address))
        {
            _sourceAddress = null; // another address may be reached from another interface
        }

        _destination = destination;
    }

    /// <summary>
    /// Stops refreshing and, when the registrar may hold our contact, removes it (REGISTER with expires 0) and waits
    /// up to <see cref="RegistrationOptions.UnregisterTimeout"/> for the answer.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? wait = null;
        RegistrationStatus? changed = null;
        var send = false;
        lock (_gate)
        {
            if (_stopping)
            {
                wait = _unregistered;
            }
            else
            {
                _stopping = true;
                CancelTimer();
                StopKeepAlive();
                _current = null;
                if (_destination is not null && _mayHoldBinding)
                {
                    wait = _unregistered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    send = true;
                }
                else if (_status.State != RegistrationState.Unregistered)
                {
                    changed = SetStatus(RegistrationState.Unregistered, "stopped");
                }
            }
        }

        Publish(changed);
        if (send)
        {
            SendRegister(unregister: true);
        }

        if (wait is null)
        {
            return;
        }

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(Options.UnregisterTimeout, _time, stopWaiting.Token);
        var first = await Task.WhenAny(wait.Task, timeout).ConfigureAwait(false);
        await stopWaiting.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first != wait.Task)
        {
            lock (_gate)
            {
                _current = null;
                changed = _status.State == RegistrationState.Unregistered
                    ? null
                    : SetStatus(RegistrationState.Unregistered, $"stopped; no answer to the unregistration from {Describe()}");
            }

            Publish(changed);
            wait.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void SendRegister(bool unregister, string? why = null)
    {
        SipRequest request;
        Attempt attempt;
        RegistrationStatus? changed = null;
        lock (_gate)
        {
            if (_destination is not { } destination || (_stopping && !unregister))
            {
                return;
            }

            CancelTimer();
            request = BuildRegister(destination, unregister ? 0 : _expires);
            attempt = new Attempt(this, unregister);
            _current = attempt;
            _requestsSent++;
            if (!unregister)
            {
                _mayHoldBinding = true;
                if (_status.State != RegistrationState.Registered)
                {
                    changed = SetStatus(RegistrationState.Registering, why ?? $"registering at {Describe()}");
                }
            }
        }

        Publish(changed);
        LogSending(unregister ? 0 : request.Expires ?? 0, Options.Aor, Describe());
        _transactions.SendRequest(request, _destination!.Value, attempt);
    }

    private void OnFinalResponse(Attempt attempt, SipResponse response)
    {
        RegistrationStatus? changed = null;
        Action? next = null;
        lock (_gate)
        {
            if (!ReferenceEquals(attempt, _current))
            {
                return; // an answer to a request we no longer wait for
            }

            _current = null;
            var from = $"{response.StatusLine} from {Describe()}";
            if (response.StatusCode is 401 or 407)
            {
                if (_digest.TryAnswer(response))
                {
                    next = () => SendRegister(attempt.Unregister);
                }
                else
                {
                    var detail = _digest.FailureReason ?? "no usable challenge";
                    var prefix = response.StatusLine + ": ";
                    detail = detail.StartsWith(prefix, StringComparison.Ordinal) ? detail[prefix.Length..] : detail;
                    changed = attempt.Unregister
                        ? Unregistered($"stopped; the unregistration was refused ({from})")
                        : SetStatus(RegistrationState.Failed, $"{from}: {detail}");
                }
            }
            else if (attempt.Unregister)
            {
                changed = Unregistered(response.IsSuccess ? "unregistered" : $"stopped; the unregistration got {from}");
            }
            else if (response.IsSuccess)
            {
                _digest.OnAccepted();
                _failuresInARow = 0;
                _staleContact = null;
                var granted = GrantedExpires(response);
                var refresh = TimeSpan.FromSeconds(Math.Max(1, granted * Options.RefreshFraction));
                changed = SetStatus(RegistrationState.Registered, $"registered at {Describe()} for {granted} s", TimeSpan.FromSeconds(granted));
                StartTimer(refresh, () => SendRegister(unregister: false));
                _keepAlive ??= KeepAlive.Start(_transactions.Transport, _destination!.Value, Options.KeepAliveInterval, _time, OnFlowFailed, _logger);
                if (LearnReflexiveContact(response))
                {
                    next = () => SendRegister(unregister: false);
                }
            }
            else if (response.StatusCode == 423 && MinExpires(response) is { } minimum && minimum > _expires)
            {
                // RFC 3261 §10.2.8: ask again with at least the registrar's Min-Expires.
                _expires = minimum;
                next = () => SendRegister(unregister: false);
            }
            else if (response.StatusCode is 403 or 404)
            {
                // The account is refused outright: retrying would not change the answer.
                changed = SetStatus(RegistrationState.Failed, from);
            }
            else if (response.StatusCode == 503 && TryNextTarget(from))
            {
                next = () => SendRegister(unregister: false);
            }
            else
            {
                changed = FailAndRetry(from, RetryAfter(response));
            }
        }

        Publish(changed);
        next?.Invoke();
    }

    private void OnTransactionFailure(Attempt attempt, string reason, bool timedOut)
    {
        RegistrationStatus? changed;
        var failover = false;
        lock (_gate)
        {
            if (!ReferenceEquals(attempt, _current))
            {
                return;
            }

            _current = null;
            var text = timedOut ? $"no response from {Describe()}" : $"cannot reach {Describe()}: {reason}";
            if (attempt.Unregister)
            {
                changed = Unregistered($"stopped; {text}");
            }
            else if (TryNextTarget(text))
            {
                failover = true;
                changed = null;
            }
            else
            {
                changed = FailAndRetry(text, null);
            }
        }

        Publish(changed);
        if (failover)
        {
            SendRegister(unregister: false);
        }
    }

    /// <summary>Failed now, next attempt after 5 s, 10 s, 20 s... up to the cap (or the server's Retry-After, within the cap).</summary>
    private RegistrationStatus? FailAndRetry(string reason, TimeSpan? retryAfter)
    {
        var exponent = Math.Min(_failuresInARow, 16);
        _failuresInARow++;
        var delay = TimeSpan.FromTicks(Math.Min(Options.RetryDelay.Ticks * (1L << exponent), Options.MaxRetryDelay.Ticks));
        var jitter = Math.Clamp(Options.RetryJitter, 0, 1);
        if (jitter > 0)
        {
#pragma warning disable CA5394 // Spreading retries needs no cryptographic randomness.
            delay *= 1 - (jitter * Random.Shared.NextDouble());
#pragma warning restore CA5394
        }
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < Options.MaxRetryDelay ? asked : Options.MaxRetryDelay;
        }

        // The next round starts from the top of a fresh lookup (the records may have changed, the first target may be back).
        StartTimer(delay, RegisterFromFirstTarget);
        StopKeepAlive();
        LogFailed(Options.Aor, reason, delay);
        return SetStatus(RegistrationState.Failed, reason, retryAt: _time.GetUtcNow() + delay);
    }

    /// <summary>The keep-alives found the flow dead (RFC 5626 §4.4.1): register again at once, over a new connection.</summary>
    private void OnFlowFailed(string reason)
    {
        lock (_gate)
        {
            _keepAlive = null;
            if (_stopping)
            {
                return;
            }

            // Registering (not registered) from now on, so the new attempt reports itself with this reason.
            _status = _status with { State = RegistrationState.Registering };
        }

        SendRegister(unregister: false, $"{reason}; registering again at {Describe()}");
    }

    private void StopKeepAlive()
    {
        _keepAlive?.Dispose();
        _keepAlive = null;
    }

    private RegistrationStatus? Unregistered(string reason)
    {
        _mayHoldBinding = false;
        var changed = SetStatus(RegistrationState.Unregistered, reason);
        _unregistered?.TrySetResult();
        return changed;
    }

    private RegistrationStatus? SetStatus(RegistrationState state, string reason, TimeSpan? expires = null, DateTimeOffset? retryAt = null)
    {
        if (_status.State == state && _status.Reason == reason && state != RegistrationState.Registered)
        {
            return null;
        }

        _status = new RegistrationStatus(state, reason, _time.GetUtcNow(), expires, retryAt);
        return _status;
    }

    private void Publish(RegistrationStatus? status)
    {
        if (status is null)
        {
            return;
        }

        LogStatus(Options.Aor, status.State, status.Reason);
        StatusChanged?.Invoke(this, status);
    }

    private void StartTimer(TimeSpan due, Action fire)
    {
        CancelTimer();
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                lock (_gate)
                {
                    if (!ReferenceEquals(_timer, timer) || _stopping)
                    {
                        return;
                    }

                    _timer = null;
                }

                timer!.Dispose();
                fire();
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _timer = timer;
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void CancelTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private string Describe() => _destination is { } d ? RegistrationTarget.Describe(d) : "(no registrar)";

    /// <summary>Reports what one REGISTER transaction got back to the client, if the client still waits for it.</summary>
    private sealed class Attempt(RegistrationClient owner, bool unregister) : IClientTransactionHandler
    {
        public bool Unregister { get; } = unregister;

        public void OnResponse(ClientTransaction transaction, SipResponse response)
        {
            if (!response.IsProvisional)
            {
                owner.OnFinalResponse(this, response);
            }
        }

        public void OnFailure(ClientTransaction transaction, string reason, bool timedOut) => owner.OnTransactionFailure(this, reason, timedOut);
    }
}
