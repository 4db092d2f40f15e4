using System.Net.Sockets;
using System.Net;
using CtiConnector.Shared;

namespace CtiConnector.Media.Rtp;

/// <summary>
/// Binds an RTP/RTCP socket pair on consecutive ports (even, even + 1) from a range. It starts at a
/// random pair and walks the range, so parallel calls and quickly reused ports do not collide; the
/// operating system's bind is the source of truth for what is free.
/// </summary>
public static class RtpPortAllocator
{
    /// <summary>Binds a pair or throws a <see cref="MediaException"/> naming the range when none is free.</summary>
    public static (Socket Rtp, Socket Rtcp) Bind(IPAddress address, RtpPortRange range)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(range);
        range.Validate();
        var first = range.Min + (range.Min & 1);
        var pairs = ((range.Max - first - 1) / 2) + 1;
        var start = SystemRandom.GetInt32(pairs);
        for (var i = 0; i < pairs; i++)
        {
            var port = first + (((start + i) % pairs) * 2);
            var rtp = TryBind(address, port);
            if (rtp is null)
            {
                continue;
            }

            var rtcp = TryBind(address, port + 1);
            if (rtcp is null)
            {
                rtp.Dispose();
                continue;
            }

            return (rtp, rtcp);
        }

        throw new MediaException($"No free RTP port pair in {range.Min}-{range.Max} on {address}.");
    }

    private static Socket? TryBind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
