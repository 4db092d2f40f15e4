using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.Tests.Transactions;

/// <summary>A transaction user that keeps what it was given and answers as the test says.</summary>
internal sealed class RecordingTransactionUser : ITransactionUser
{
    public List<ServerTransaction> Requests { get; } = [];

    public List<SipRequest> Acks { get; } = [];

    public List<(ServerInviteTransaction Invite, SipRequest Cancel)> Cancelled { get; } = [];

    public List<SipResponse> StrayResponses { get; } = [];

    /// <summary>Called for each new request; leave null to answer nothing.</summary>
    public Action<ServerTransaction>? Answer { get; set; }

    public void OnRequest(ServerTransaction transaction)
    {
        Requests.Add(transaction);
        Answer?.Invoke(transaction);
    }

    public void OnAck(SipRequest ack) => Acks.Add(ack);

    public void OnCancelled(ServerInviteTransaction invite, SipRequest cancel) => Cancelled.Add((invite, cancel));

    public void OnStrayResponse(SipResponse response) => StrayResponses.Add(response);
}
