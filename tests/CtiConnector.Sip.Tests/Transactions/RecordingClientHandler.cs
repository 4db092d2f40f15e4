using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>Keeps what a client transaction reported.</summary>
internal sealed class RecordingClientHandler : IClientTransactionHandler
{
    public List<SipResponse> Responses { get; } = [];

    public List<(string Reason, bool TimedOut)> Failures { get; } = [];

    public void OnResponse(ClientTransaction transaction, SipResponse response) => Responses.Add(response);

    public void OnFailure(ClientTransaction transaction, string reason, bool timedOut) => Failures.Add((reason, timedOut));
}
