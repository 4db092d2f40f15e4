using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Rtp;

/// <summary>SRTP/SRTCP (RFC 3711): what we send is protected, what arrives must authenticate before anything else looks at it.</summary>
public sealed partial class RtpSession
{
    private NegotiatedSrtp? _srtp;
    private SrtpContext? _srtpSend;
    private SrtpContext? _srtpReceive;
    private long _srtpAuthenticated;
    private long _srtpAuthFailures;
    private long _srtpReplayed;

    /// <summary>
    /// Protects the stream with <paramref name="srtp"/>, or sends and receives plain RTP again with null. The same
    /// keys again (a re-INVITE) keep the rollover counters and replay windows; new keys start fresh contexts.
    /// </summary>
    public void ConfigureSrtp(NegotiatedSrtp? srtp)
    {
        lock (_lock)
        {
            if (Equals(srtp, _srtp))
            {
                return;
            }

            if (srtp is null || _srtp is null || !srtp.SendKey.Equals(_srtp.SendKey) || srtp.Suite != _srtp.Suite)
            {
                _srtpSend?.Dispose();
                _srtpSend = srtp is null ? null : new SrtpContext(srtp.Suite, srtp.SendKey);
            }

            if (srtp is null || _srtp is null || !srtp.ReceiveKey.Equals(_srtp.ReceiveKey) || srtp.Suite != _srtp.Suite)
            {
                _srtpReceive?.Dispose();
                _srtpReceive = srtp is null ? null : new SrtpContext(srtp.Suite, srtp.ReceiveKey);
            }

            _srtp = srtp;
        }
    }

    /// <summary>Unprotects a received SRTP packet in place (under the lock); false when it is to be dropped.</summary>
    private bool TryUnprotectRtpLocked(Span<byte> packet, out int length)
    {
        length = packet.Length;
        if (_srtpReceive is null)
        {
            return true;
        }

        return Counted(_srtpReceive.UnprotectRtp(packet, out length));
    }

    private bool TryUnprotectRtcpLocked(Span<byte> packet, out int length)
    {
        length = packet.Length;
        if (_srtpReceive is null)
        {
            return true;
        }

        return Counted(_srtpReceive.UnprotectRtcp(packet, out length));
    }

    private bool Counted(SrtpError error)
    {
        switch (error)
        {
            case SrtpError.None:
                _srtpAuthenticated++;
                return true;
            case SrtpError.Replayed:
                _srtpReplayed++;
                return false;
            default:
                _srtpAuthFailures++;
                return false;
        }
    }

    private void DisposeSrtp()
    {
        lock (_lock)
        {
            _srtpSend?.Dispose();
            _srtpReceive?.Dispose();
            _srtpSend = null;
            _srtpReceive = null;
        }
    }
}
