using CtiConnector.Media.Dtmf;

namespace CtiConnector.Media.Tests.Dtmf;

public class DtmfTests
{
    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    public void DigitsMapToRfc4733EventCodes(char digit, byte code)
    {
        Assert.True(TelephoneEvent.TryGetEventCode(digit, out var actual));
        Assert.Equal(code, actual);
        Assert.Equal(char.ToUpperInvariant(digit), TelephoneEvent.ToDigit(code));
    }

    [Fact]
    public void NonDigitsAndFlashAreNotDigits()
    {
        Assert.False(TelephoneEvent.TryGetEventCode('x', out _));
        Assert.Null(TelephoneEvent.ToDigit(16));
    }

    [Fact]
    public void PayloadRoundTrips()
    {
        var buffer = new byte[4];
        var value = new TelephoneEvent(11, true, 10, 800);

        value.Write(buffer);

        Assert.Equal(new byte[] { 11, 0x8A, 0x03, 0x20 }, buffer);
        Assert.True(TelephoneEvent.TryRead(buffer, out var read));
        Assert.Equal(value, read);
        Assert.False(TelephoneEvent.TryRead(buffer.AsSpan(0, 3), out _));
    }

    [Fact]
    public void APlannedDigitStartsWithTheMarkerGrowsAndEndsThreeTimes()
    {
        var packets = DtmfSender.Plan('5', durationMilliseconds: 100, packetMilliseconds: 20);

        Assert.Equal(7, packets.Count);
        Assert.True(packets[0].Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Marker));
        Assert.Equal(new ushort[] { 160, 320, 480, 640, 800, 800, 800 }, packets.Select(p => p.Event.Duration));
        Assert.Equal(new[] { false, false, false, false, true, true, true }, packets.Select(p => p.Event.End));
        Assert.All(packets, p => Assert.Equal(5, p.Event.Event));
    }

    [Fact]
    public void PlanningANonDigitThrows()
    {
        Assert.Throws<ArgumentException>(() => DtmfSender.Plan('x'));
    }

    [Fact]
    public void EachEventIsReportedOnceWhateverItsRetransmissions()
    {
        var receiver = new DtmfReceiver();
        var reported = new List<char>();
        void Offer(uint timestamp, TelephoneEvent e)
        {
            if (receiver.TryAccept(0x1234, timestamp, e, out var digit))
            {
                reported.Add(digit);
            }
        }

        foreach (var p in DtmfSender.Plan('1'))
        {
            Offer(1000, p.Event);
        }

        foreach (var p in DtmfSender.Plan('1'))
        {
            Offer(3000, p.Event); // the same key pressed again: a new timestamp
        }

        foreach (var p in DtmfSender.Plan('#').Skip(2))
        {
            Offer(5000, p.Event); // start packets lost: still reported once
        }

        Offer(1000, new TelephoneEvent(1, true, 10, 800)); // a late retransmission

        Assert.Equal(['1', '1', '#'], reported);
    }

    [Fact]
    public void TheSameTimestampFromAnotherSourceIsANewEvent()
    {
        var receiver = new DtmfReceiver();
        var e = new TelephoneEvent(7, false, 10, 160);

        Assert.True(receiver.TryAccept(1, 500, e, out _));
        Assert.True(receiver.TryAccept(2, 500, e, out var digit));
        Assert.Equal('7', digit);
    }
}
