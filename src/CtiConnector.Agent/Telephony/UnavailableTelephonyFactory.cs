using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Telephony;

/// <summary>
/// Used while no telephony layer is built into the agent: it places no call and pretends nothing. Every configured
/// account shows as <c>failed</c> with the reason, and every call command is refused with <c>unavailable</c> (HTTP 503),
/// so the API, history and directory still work and the user sees why the line is down.
/// </summary>
public sealed class UnavailableTelephonyFactory : ITelephonyFactory
{
    public const string Reason = "failed: this agent was built without a telephony layer";

    public Task<ITelephonyHost> CreateAsync(IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var accounts = configuration.GetSection("Sip:Accounts").GetChildren()
            .Select(a => new AccountInfo(a.Key, a["Aor"] ?? string.Empty, RegistrationState.Failed, Reason))
            .ToList();
        return Task.FromResult<ITelephonyHost>(new Host(new UnavailableTelephony(accounts)));
    }

    private sealed class Host(ITelephony telephony) : ITelephonyHost
    {
        public ITelephony Telephony => telephony;

        public string? SipAddress => null;

        public int? SipPort => null;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class UnavailableTelephony(IReadOnlyList<AccountInfo> accounts) : ITelephony
    {
        public IReadOnlyList<AccountInfo> Accounts => accounts;

        public void SetListener(Action<TelephonyEvent> listener)
        {
        }

        public Task DialAsync(DialRequest request, CancellationToken cancellationToken) => Refuse();

        public Task AnswerAsync(string callId, CancellationToken cancellationToken) => Refuse();

        public Task HangupAsync(string callId, CancellationToken cancellationToken) => Refuse();

        public Task HoldAsync(string callId, CancellationToken cancellationToken) => Refuse();

        public Task ResumeAsync(string callId, CancellationToken cancellationToken) => Refuse();

        public Task SetMuteAsync(string callId, bool muted, CancellationToken cancellationToken) => Refuse();

        public Task SendDtmfAsync(string callId, string digits, CancellationToken cancellationToken) => Refuse();

        public Task TransferAsync(string callId, string target, string? consultCallId, CancellationToken cancellationToken) => Refuse();

        public void SetDoNotDisturb(bool enabled)
        {
        }

        private static Task Refuse() =>
            Task.FromException(new TelephonyException("unavailable", "This agent was built without a telephony layer: it cannot place or control calls."));
    }
}
