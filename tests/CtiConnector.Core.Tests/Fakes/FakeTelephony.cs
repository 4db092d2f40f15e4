using System.Collections.Concurrent;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;

namespace CtiConnector.Core.Tests.Fakes;

/// <summary>An in-memory telephony port: records commands and lets a test raise events.</summary>
public sealed class FakeTelephony : ITelephony
{
    private Action<TelephonyEvent>? _listener;

    public List<AccountInfo> AccountList { get; } = [new AccountInfo("1", "sip:me@example.org", RegistrationState.Registered, null)];

    public IReadOnlyList<AccountInfo> Accounts => AccountList;

    public ConcurrentQueue<string> Commands { get; } = new();

    public Exception? DialFailure { get; set; }

    /// <summary>When true, DialAsync reports the call started (as the real layer does once the INVITE is sent).</summary>
    public bool ReportOutgoingStart { get; set; } = true;

    /// <summary>When true, HangupAsync reports the call ended at once.</summary>
    public bool EndOnHangup { get; set; } = true;

    public bool DoNotDisturb { get; private set; }

    public void SetListener(Action<TelephonyEvent> listener) => _listener = listener;

    public void Raise(TelephonyEvent telephonyEvent) =>
        (_listener ?? throw new InvalidOperationException("no listener"))(telephonyEvent);

    public Task DialAsync(DialRequest request, CancellationToken cancellationToken)
    {
        Commands.Enqueue($"dial {request.CallId} {request.To} {request.AccountId}");
        if (DialFailure is not null)
        {
            return Task.FromException(DialFailure);
        }

        if (ReportOutgoingStart)
        {
            Raise(new CallStarted(DateTimeOffset.UnixEpoch, request.CallId, request.AccountId, CallDirection.Outbound, request.To, $"sip:{request.To}@example.org", null));
        }

        return Task.CompletedTask;
    }

    public Task AnswerAsync(string callId, CancellationToken cancellationToken) => Record($"answer {callId}");

    public Task HangupAsync(string callId, CancellationToken cancellationToken)
    {
        Commands.Enqueue($"hangup {callId}");
        if (EndOnHangup)
        {
            Raise(new CallEnded(DateTimeOffset.UnixEpoch.AddSeconds(30), callId, CallDisposition.Cancelled, "local hangup"));
        }

        return Task.CompletedTask;
    }

    public Task HoldAsync(string callId, CancellationToken cancellationToken) => Record($"hold {callId}");

    public Task ResumeAsync(string callId, CancellationToken cancellationToken) => Record($"resume {callId}");

    public Task SetMuteAsync(string callId, bool muted, CancellationToken cancellationToken) => Record($"mute {callId} {muted}");

    public Task SendDtmfAsync(string callId, string digits, CancellationToken cancellationToken) => Record($"dtmf {callId} {digits}");

    public Task TransferAsync(string callId, string target, string? consultCallId, CancellationToken cancellationToken) =>
        Record($"transfer {callId} {target} {consultCallId}");

    public void SetDoNotDisturb(bool enabled) => DoNotDisturb = enabled;

    public Task RegisterAgainAsync(string accountId, CancellationToken cancellationToken) => Record("register " + accountId);

    private Task Record(string command)
    {
        Commands.Enqueue(command);
        return Task.CompletedTask;
    }
}
