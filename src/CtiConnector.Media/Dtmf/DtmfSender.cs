namespace CtiConnector.Media.Dtmf;

/// <summary>One RTP packet of an RFC 4733 event: the payload and whether the marker bit is set.</summary>
/// <param name="Event">The payload.</param>
/// <param name="Marker">Marker bit: set on the first packet of the event only.</param>
public readonly record struct DtmfPacket(TelephoneEvent Event, bool Marker);

/// <summary>
/// Plans the packets of one digit (RFC 4733 §2.5.1): a first packet with the marker bit, an update every
/// packet interval with the growing duration, then the end packet three times (§2.5.1.4). All packets
/// carry the timestamp of the event start; the caller sends one per media tick and keeps the audio
/// timestamp running meanwhile.
/// </summary>
public static class DtmfSender
{
    /// <summary>Default tone length (Q.24 asks for at least 40 ms; 100 ms is usual).</summary>
    public const int DefaultDurationMilliseconds = 100;

    /// <summary>Builds the packet sequence for a digit.</summary>
    /// <param name="digit"><c>0-9 * # A-D</c>.</param>
    /// <param name="durationMilliseconds">Tone length.</param>
    /// <param name="packetMilliseconds">Interval between packets (the audio ptime).</param>
    /// <param name="volume">Power level in −dBm0.</param>
    /// <param name="clockRate">RTP clock rate of the telephone-event format.</param>
    public static IReadOnlyList<DtmfPacket> Plan(char digit, int durationMilliseconds = DefaultDurationMilliseconds, int packetMilliseconds = 20, byte volume = 10, int clockRate = 8000)
    {
        if (!TelephoneEvent.TryGetEventCode(digit, out var code))
        {
            throw new ArgumentException($"'{digit}' is not a DTMF digit.", nameof(digit));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(durationMilliseconds, packetMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(durationMilliseconds, 8000);
        var step = packetMilliseconds * clockRate / 1000;
        var total = durationMilliseconds * clockRate / 1000;
        var packets = new List<DtmfPacket>();
        for (var duration = step; duration < total; duration += step)
        {
            packets.Add(new DtmfPacket(new TelephoneEvent(code, false, volume, (ushort)duration), packets.Count == 0));
        }

        for (var i = 0; i < 3; i++)
        {
            packets.Add(new DtmfPacket(new TelephoneEvent(code, true, volume, (ushort)total), packets.Count == 0));
        }

        return packets;
    }
}
