using CtiConnector.Core.Calls;
using CtiConnector.Core.Model;

namespace CtiConnector.Api.Json;

/// <summary><c>POST /v1/calls</c> body.</summary>
public sealed record DialBody(string? To, string? Account, string? ContactId);

/// <summary><c>POST /v1/calls/{id}/dtmf</c> body.</summary>
public sealed record DtmfBody(string? Digits);

/// <summary><c>POST /v1/calls/{id}/transfer</c> body.</summary>
public sealed record TransferBody(string? To, string? ConsultCallId);

/// <summary><c>PATCH /v1/history/{id}</c> body.</summary>
public sealed record HistoryPatchBody(string? Notes, CallDisposition? Disposition);

/// <summary><c>POST /v1/pair</c> body.</summary>
public sealed record PairBody(string? Name);

/// <summary><c>POST /v1/pairings/approve|revoke</c> body.</summary>
public sealed record PairingActionBody(string? Origin);

/// <summary>Answer of <c>POST /v1/pair</c>: <see cref="Status"/> is <c>paired</c> (with a token) or <c>pending</c>.</summary>
public sealed record PairResult(string Status, string Origin, string? Token);

/// <summary>A paired or pending origin, as the agent's UI lists them.</summary>
public sealed record PairingInfo(string Origin, string? Name, string Status, DateTimeOffset RequestedAt);

/// <summary>Answer of <c>POST /v1/contacts/import</c>.</summary>
public sealed record ImportResult(int Inserted, int Updated);

/// <summary>An RFC 9457 problem: <see cref="Type"/> is stable, <see cref="Title"/> short, <see cref="Detail"/> a sentence for the user.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string? Detail);

/// <summary>The <c>snapshot</c> event on the wire.</summary>
public sealed record SnapshotEventBody(string Type, DateTimeOffset At, string Version, IReadOnlyList<AccountInfo> Accounts, IReadOnlyList<CallInfo> Calls, bool DoNotDisturb);

/// <summary>The <c>registration.changed</c> event on the wire.</summary>
public sealed record RegistrationEventBody(string Type, DateTimeOffset At, AccountInfo Account);

/// <summary>The <c>subscription.dropped</c> event on the wire.</summary>
public sealed record DroppedEventBody(string Type, DateTimeOffset At, string Reason);

/// <summary>The <c>pairing.requested</c> event on the wire: an origin waits for the user's approval.</summary>
public sealed record PairingEventBody(string Type, DateTimeOffset At, string Origin, string? Name);

/// <summary>Answer of <c>POST /v1/ui/signin-links</c>: a one-time link that signs a browser in to the agent's web UI.</summary>
public sealed record DoNotDisturbBody(bool? Enabled);

public sealed record DoNotDisturbEventBody(string Type, DateTimeOffset At, bool Enabled);

public sealed record SignInLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>The settings the web UI shows: origins trusted by configuration (<c>Api:AllowedOrigins</c>).</summary>
public sealed record UiSettingsBody(IReadOnlyList<string> AllowedOrigins)
{
    /// <summary>The audio device the agent was configured with (<c>Audio:Device</c>), or null when not known.</summary>
    public string? AudioDevice { get; init; }
}

/// <summary>Status answer: the same as <see cref="AgentStatus"/>.</summary>
public sealed record StatusBody(string Version, IReadOnlyList<AccountInfo> Accounts, IReadOnlyList<CallInfo> Calls, bool DoNotDisturb);
