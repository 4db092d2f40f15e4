using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;

namespace CtiConnector.Sip.UserAgent.Core;

/// <summary>A client-transaction handler made of two delegates.</summary>
internal sealed class ClientCallbacks(Action<ClientTransaction, SipResponse> onResponse, Action<ClientTransaction, string, bool> onFailure)
    : IClientTransactionHandler
{
    public void OnResponse(ClientTransaction transaction, SipResponse response) => onResponse(transaction, response);

    public void OnFailure(ClientTransaction transaction, string reason, bool timedOut) => onFailure(transaction, reason, timedOut);

    /// <summary>A handler that completes a task with the final response (or a synthetic 408/503 on failure).</summary>
    public static (ClientCallbacks Handler, Task<SipResponse> Final) ForFinalResponse(Action<SipResponse>? onProvisional = null)
    {
        var done = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ClientCallbacks(
            (_, response) =>
            {
                if (response.IsProvisional)
                {
                    onProvisional?.Invoke(response);
                }
                else
                {
                    done.TrySetResult(response);
                }
            },
            (_, reason, timedOut) => done.TrySetResult(new SipResponse(timedOut ? 408 : 503, reason)));
        return (handler, done.Task);
    }
}
