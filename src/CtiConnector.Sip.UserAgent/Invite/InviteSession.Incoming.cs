using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>The UAS side: ringing, answering, declining, CANCEL, the ACK and its timeout.</summary>
public sealed partial class InviteSession
{
    /// <summary>Sends 180 Ringing (with our tag, so the early dialog exists).</summary>
    public void Ring()
    {
        if (State != InviteSessionState.Incoming || _serverInvite is null)
        {
            return;
        }

        var response = SipResponseFactory.Create(_serverInvite.Request, 180, toTag: LocalTag);
        response.Headers.Add(HeaderId.Contact, OurContact().ToString());
        _core.AddCommonHeaders(response);
        _serverInvite.SendResponse(response);
    }

    /// <summary>
    /// Answers with 200 OK and our SDP: the answer to the caller's offer, or our offer when the INVITE had none
    /// (the answer then comes in the ACK). The call is established when the ACK arrives.
    /// </summary>
    public bool Accept(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        lock (_gate)
        {
            if (State != InviteSessionState.Incoming || _serverInvite is null)
            {
                return false;
            }

            State = InviteSessionState.Connecting;
        }

        var response = SipResponseFactory.Create(_serverInvite.Request, 200, toTag: LocalTag);
        response.Headers.CopyFrom(_serverInvite.Request.Headers, HeaderId.RecordRoute);
        response.Headers.Add(HeaderId.Contact, OurContact().ToString());
        response.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
        response.Headers.Add(HeaderId.Supported, "replaces, timer");
        AddSessionTimerToAnswer(_serverInvite.Request, response);
        _core.AddCommonHeaders(response);
        response.SetBody("application/sdp", System.Text.Encoding.UTF8.GetBytes(sdp));
        _serverInvite.SendResponse(response);
        return true;
    }

    /// <summary>Refuses the incoming call: 486 Busy Here, 603 Decline, 488 Not Acceptable Here...</summary>
    public void Reject(int statusCode, string? reason = null)
    {
        lock (_gate)
        {
            if (State != InviteSessionState.Incoming || _serverInvite is null)
            {
                return;
            }
        }

        var response = SipResponseFactory.Create(_serverInvite.Request, statusCode, reason, LocalTag);
        _core.AddCommonHeaders(response);
        _serverInvite.SendResponse(response);
        Finish(new SessionEnd(SessionEndCause.LocalDecline, statusCode, response.StatusLine));
    }

    internal void OnRemoteCancel()
    {
        lock (_gate)
        {
            if (State != InviteSessionState.Incoming)
            {
                return;
            }
        }

        // §9.2: the INVITE gets 487 once its CANCEL is accepted.
        var response = SipResponseFactory.Create(_serverInvite!.Request, 487, toTag: LocalTag);
        _serverInvite.SendResponse(response);
        Finish(new SessionEnd(SessionEndCause.RemoteCancel, 487, "caller cancelled"));
    }

    internal void OnAck(SipRequest ack)
    {
        bool established;
        lock (_gate)
        {
            established = State == InviteSessionState.Connecting;
            if (established)
            {
                State = InviteSessionState.Confirmed;
            }
        }

        _serverInvite?.AcknowledgeSuccess();
        _reinviteServer?.AcknowledgeSuccess();
        if (!ack.Body.IsEmpty)
        {
            RemoteSdp = ack.BodyText;
            if (!established)
            {
                RemoteUpdated?.Invoke(this);
            }
        }

        if (established)
        {
            Established?.Invoke(this);
        }
    }

    private void OnAckTimeout()
    {
        // §13.3.1.4: no ACK for our 2xx within 64·T1: the call is over; say so with a BYE.
        if (State == InviteSessionState.Connecting)
        {
            SendBye(new SessionEnd(SessionEndCause.Failed, 408, "no ACK from the caller"));
        }
    }
}
