using CtiConnector.Core.Model;
using CtiConnector.Sip.UserAgent.Invite;

namespace CtiConnector.Telephony;

/// <summary>One call inside the telephony layer: its signalling session, its media, and what the core was told.</summary>
internal sealed class TelephonyCall
{
    private readonly Lock _toneGate = new();
    private bool _ringingOver;

    public TelephonyCall(string id, string? accountId, CallDirection direction, InviteSession session, ICallMedia media)
    {
        Id = id;
        AccountId = accountId;
        Direction = direction;
        Session = session;
        Media = media;
    }

    public string Id { get; }

    public string? AccountId { get; }

    public CallDirection Direction { get; }

    public InviteSession Session { get; }

    public ICallMedia Media { get; }

    public bool Answered { get; set; }

    /// <summary>An incoming INVITE without SDP: our 200 carried the offer, the ACK carries the answer.</summary>
    public bool LateOffer { get; set; }

    /// <summary>Outgoing: a 183 brought early media, so the network plays its own ringback (ours stays off).</summary>
    public bool EarlyMedia { get; set; }

    public bool OnHold { get; set; }

    /// <summary>Incoming and ringing behind a call being talked on (call waiting): beeps instead of the ring.</summary>
    public bool Waiting { get; set; }

    /// <summary>Incoming: the user answered (our 200 is out), so an end without the caller's ACK is a failure.</summary>
    public bool AnswerSent { get; set; }

    public bool RemoteHold { get; set; }

    public bool NoAnswerTimedOut { get; set; }

    /// <summary>Incoming calls refused because of do-not-disturb or a full line count as missed.</summary>
    public bool RejectedAutomatically { get; set; }

    public ITimer? NoAnswerTimer { get; set; }

    /// <summary>The call whose REFER made us place this one (we were transferred); null otherwise.</summary>
    public TelephonyCall? TransferredFrom { get; init; }

    /// <summary>
    /// Plays <paramref name="tone"/> (ring, ringback, or none for early media) unless the call is past ringing. The
    /// decision to ring and the answer come from different threads: the CRM may answer as soon as it hears of the call,
    /// before the incoming INVITE's handler starts the ring; a ring started after the answer would play over the
    /// conversation for good.
    /// </summary>
    public void PlayRingingTone(LocalTone tone)
    {
        lock (_toneGate)
        {
            if (!_ringingOver)
            {
                Media.SetLocalTone(tone);
            }
        }
    }

    /// <summary>Stops the ringing tone for good: the call is answered, being answered, or over.</summary>
    public void EndRinging()
    {
        lock (_toneGate)
        {
            _ringingOver = true;
            Media.SetLocalTone(LocalTone.None);
        }
    }
}
