using CtiConnector.Sip.UserAgent.Invite;

namespace CtiConnector.Telephony;

/// <summary>
/// Watches a session for the outcome of a REFER it sent: <see cref="Final"/> completes with the final sipfrag status
/// (RFC 3515 §2.4.5: the first NOTIFY reporting 200 or above), or 0 when the call ends first.
/// </summary>
internal sealed class TransferOutcome : IDisposable
{
    private readonly InviteSession _session;
    private readonly TaskCompletionSource<int> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransferOutcome(InviteSession session)
    {
        _session = session;
        session.TransferProgress += OnProgress;
        session.Ended += OnEnded;
        if (session.State == InviteSessionState.Terminated)
        {
            _final.TrySetResult(0);
        }
    }

    public Task<int> Final => _final.Task;

    public void Dispose()
    {
        _session.TransferProgress -= OnProgress;
        _session.Ended -= OnEnded;
    }

    private void OnProgress(InviteSession session, int status)
    {
        if (status >= 200)
        {
            _final.TrySetResult(status);
        }
    }

    private void OnEnded(InviteSession session, SessionEnd end) => _final.TrySetResult(0);
}
