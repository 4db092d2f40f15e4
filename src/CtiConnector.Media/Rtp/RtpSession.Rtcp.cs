using System.Net;
using System.Net.Sockets;

namespace CtiConnector.Media.Rtp;

/// <summary>RTCP: periodic reports, BYE, and reading the peer's reports.</summary>
public sealed partial class RtpSession
{
    // Seconds from 1900-01-01 (NTP epoch) to 1970-01-01.
    private const ulong NtpEpochOffset = 2_208_988_800UL;

    private void OnRtcpTimer()
    {
        if (_disposed != 0)
        {
            return;
        }

        try
        {
            SendRtcp(bye: false);
        }
        catch (SocketException ex)
        {
            LogSendFailed(_logger, _remoteRtcp, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _rtcpTimer?.Change(NextRtcpDelay(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Builds and sends SR (or RR) + SDES CNAME (+ BYE); exposed to tests through <see cref="BuildRtcp"/>.</summary>
    private void SendRtcp(bool bye)
    {
        byte[] bytes;
        IPEndPoint? target;
        lock (_lock)
        {
            target = _remoteRtcp;
            if (target is null)
            {
                return;
            }

            bytes = BuildRtcp(bye);
            if (_srtpSend is not null)
            {
                var plain = bytes;
                bytes = new byte[plain.Length + _srtpSend.RtcpOverhead];
                plain.CopyTo(bytes, 0);
                _srtpSend.ProtectRtcp(bytes, plain.Length);
            }

            _rtcpSent++;
        }

        _rtcpSocket.SendTo(bytes, SocketFlags.None, target);
    }

    internal byte[] BuildRtcp(bool bye)
    {
        var packets = new List<RtcpPacket>(3);
        var blocks = new List<RtcpReportBlock>(1);
        if (_latched && _receiveStats.PacketsReceived > 0)
        {
            var dlsr = 0u;
            if (_lastSrArrival != 0)
            {
                dlsr = (uint)(_time.GetElapsedTime(_lastSrArrival).TotalSeconds * 65536);
            }

            blocks.Add(_receiveStats.CreateReportBlock(_remoteSsrc, _lastSrMiddle, dlsr));
        }

        if (_sentSinceReport)
        {
            packets.Add(new RtcpSenderReport
            {
                Ssrc = Ssrc,
                NtpTimestamp = ToNtp(_time.GetUtcNow()),
                RtpTimestamp = _timestamp,
                PacketCount = (uint)_packetsSent,
                OctetCount = (uint)_octetsSent,
                Reports = blocks,
            });
        }
        else
        {
            packets.Add(new RtcpReceiverReport { Ssrc = Ssrc, Reports = blocks });
        }

        _sentSinceReport = false;
        packets.Add(new RtcpSourceDescription { Chunks = [new RtcpSdesChunk(Ssrc, [(RtcpSourceDescription.CName, _cname)])] });
        if (bye)
        {
            packets.Add(new RtcpBye { Sources = [Ssrc] });
        }

        var buffer = new byte[RtcpCompound.GetSize(packets)];
        RtcpCompound.Write(buffer, packets);
        return buffer;
    }

    private async Task ReceiveRtcpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxPacket];
        EndPoint any = new IPEndPoint(LocalRtcpEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _rtcpSocket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            OnRtcp(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
        }
    }

    private void OnRtcp(Span<byte> data, IPEndPoint from)
    {
        lock (_lock)
        {
            if (!TryUnprotectRtcpLocked(data, from, out var length))
            {
                return;
            }

            data = data[..length];
        }

        if (!RtcpCompound.TryRead(data, out var packets, out var error))
        {
            LogBadRtcp(_logger, from, error);
            return;
        }

        var bye = false;
        lock (_lock)
        {
            if (!_latched)
            {
                return;
            }

            _rtcpReceived++;
            foreach (var packet in packets)
            {
                switch (packet)
                {
                    case RtcpSenderReport sr when sr.Ssrc == _remoteSsrc:
                        AcceptRtcpSource(from);
                        _lastSrMiddle = (uint)(sr.NtpTimestamp >> 16);
                        _lastSrArrival = _time.GetTimestamp();
                        ReadBlocks(sr.Reports);
                        break;
                    case RtcpReceiverReport rr when rr.Ssrc == _remoteSsrc:
                        AcceptRtcpSource(from);
                        ReadBlocks(rr.Reports);
                        break;
                    case RtcpBye b when b.Sources.Contains(_remoteSsrc):
                        bye = true;
                        break;
                }
            }
        }

        if (bye)
        {
            LogByeReceived(_logger, from);
            ByeReceived?.Invoke(this, EventArgs.Empty);
        }
    }

    private void AcceptRtcpSource(IPEndPoint from)
    {
        // Symmetric RTCP as for RTP: answer where the peer's reports come from.
        if (!_rtcpLatched)
        {
            _rtcpLatched = true;
            _remoteRtcp = from;
        }
    }

    private void ReadBlocks(IReadOnlyList<RtcpReportBlock> blocks)
    {
        foreach (var block in blocks)
        {
            if (block.Ssrc == Ssrc)
            {
                _remoteFractionLost = block.FractionLost / 256.0;

                // RFC 3550 §6.4.1: RTT = arrival − LSR − DLSR, all in 1/65536 s (middle 32 bits of NTP).
                if (block.LastSenderReport != 0)
                {
                    var now = (uint)(ToNtp(_time.GetUtcNow()) >> 16);
                    var rtt = (int)(now - block.LastSenderReport - block.DelaySinceLastSenderReport);
                    if (rtt >= 0)
                    {
                        _roundTripTime = TimeSpan.FromSeconds(rtt / 65536.0);
                    }
                }
            }
        }
    }

    internal static ulong ToNtp(DateTimeOffset time)
    {
        var unixTicks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = (ulong)(unixTicks / TimeSpan.TicksPerSecond) + NtpEpochOffset;
        var fraction = (ulong)(unixTicks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
