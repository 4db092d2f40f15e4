namespace CtiConnector.Media.Dtmf;

/// <summary>
/// Turns received RFC 4733 packets into digits, each reported once. An event is identified by its
/// RTP timestamp (§2.5.2: all packets of one event share it), so updates, the three end packets and
/// retransmissions are recognised; the digit is reported on the first packet seen of the event, even
/// when its start packet was lost.
/// </summary>
public sealed class DtmfReceiver
{
    private readonly Queue<(uint Ssrc, uint Timestamp)> _recent = new();

    /// <summary>
    /// Offers one packet. True, with the digit, when it belongs to an event not reported yet.
    /// </summary>
    public bool TryAccept(uint ssrc, uint timestamp, in TelephoneEvent telephoneEvent, out char digit)
    {
        digit = default;
        if (TelephoneEvent.ToDigit(telephoneEvent.Event) is not { } d)
        {
            return false;
        }

        foreach (var seen in _recent)
        {
            if (seen.Ssrc == ssrc && seen.Timestamp == timestamp)
            {
                return false;
            }
        }

        _recent.Enqueue((ssrc, timestamp));
        if (_recent.Count > 16)
        {
            _recent.Dequeue();
        }

        digit = d;
        return true;
    }
}
