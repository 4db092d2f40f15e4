using CtiConnector.Core.Model;

namespace CtiConnector.Core.Calls;

/// <summary>What <c>GET /v1/status</c> and the snapshot event show: version, accounts, live calls.</summary>
public sealed record AgentStatus(string Version, IReadOnlyList<AccountInfo> Accounts, IReadOnlyList<CallInfo> Calls, bool DoNotDisturb);
