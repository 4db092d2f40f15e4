using System.Net;
using CtiConnector.Media.Srtp;
using Microsoft.Extensions.Logging;

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
    private long _srtcpAuthenticated;
    private long _srtcpDropped;

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
    private bool TryUnprotectRtpLocked(Span<byte> packet, IPEndPoint from, out int length)
    {
        length = packet.Length;
        if (_srtpReceive is null)
        {
            return true;
        }

        return Counted(_srtpReceive.UnprotectRtp(packet, out length), packet, from);
    }

    private bool TryUnprotectRtcpLocked(Span<byte> packet, IPEndPoint from, out int length)
    {
        length = packet.Length;
        if (_srtpReceive is null)
        {
            return true;
        }

        var error = _srtpReceive.UnprotectRtcp(packet, out length);
        if (error == SrtpError.None)
        {
            _srtcpAuthenticated++;
            return true;
        }

        // Some peers send a plain RTCP packet or two around set-up and tear-down: dropped, counted apart from audio.
        _srtcpDropped++;
        LogSrtpDropped(_logger, "SRTCP", from, error, packet.Length, packet.Length > 1 ? packet[1] : (byte)0);
        return false;
    }

    private bool Counted(SrtpError error, ReadOnlySpan<byte> packet, IPEndPoint from)
    {
        if (error != SrtpError.None)
        {
            LogSrtpDropped(_logger, "SRTP", from, error, packet.Length, packet.Length > 1 ? packet[1] : (byte)0);
        }

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

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "{Kind} packet from {Source} dropped: {Error} ({Length} bytes, second byte {Second})")]
    private static partial void LogSrtpDropped(ILogger logger, string kind, IPEndPoint source, SrtpError error, int length, byte second);
}
