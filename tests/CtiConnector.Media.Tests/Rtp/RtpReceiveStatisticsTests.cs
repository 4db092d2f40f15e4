using CtiConnector.Media.Rtp;

namespace CtiConnector.Media.Tests.Rtp;

public class RtpReceiveStatisticsTests
{
    [Fact]
    public void InOrderPacketsAtASteadyPaceHaveNoLossAndNoJitter()
    {
        var stats = new RtpReceiveStatistics();
        for (var i = 0; i < 100; i++)
        {
            stats.Update((ushort)(1000 + i), (uint)(i * 160), 5000 + (i * 160));
        }

        Assert.Equal(100, stats.PacketsReceived);
        Assert.Equal(0, stats.PacketsLost);
        Assert.Equal(0u, stats.Jitter);
        Assert.Equal(1099u, stats.ExtendedHighestSequence);
    }

    [Fact]
    public void GapsCountAsLostAndLateArrivalsAreNotLost()
    {
        var stats = new RtpReceiveStatistics();
        ushort[] order = [1, 2, 4, 5, 3, 8, 9, 10];
        foreach (var seq in order)
        {
            stats.Update(seq, seq * 160u, seq * 160L);
        }

        Assert.Equal(10, stats.PacketsExpected);
        Assert.Equal(8, stats.PacketsReceived);
        Assert.Equal(2, stats.PacketsLost);
    }

    [Fact]
    public void SequenceWrapAroundStartsANewCycle()
    {
        var stats = new RtpReceiveStatistics();
        for (var i = 0; i < 10; i++)
        {
            stats.Update((ushort)(65530 + i), (uint)i * 160, i * 160L);
        }

        Assert.Equal(65536u + 3, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.PacketsLost);
    }

    [Fact]
    public void SequenceZeroAsTheFirstPacketIsNotAWrap()
    {
        var stats = new RtpReceiveStatistics();

        stats.Update(0, 0, 0);
        stats.Update(1, 160, 160);

        Assert.Equal(1u, stats.ExtendedHighestSequence);
        Assert.Equal(2, stats.PacketsExpected);
    }

    [Fact]
    public void IrregularArrivalsRaiseTheJitter()
    {
        var stats = new RtpReceiveStatistics();
        for (var i = 0; i < 200; i++)
        {
            // Every other packet arrives 10 ms (80 units) late.
            stats.Update((ushort)i, (uint)(i * 160), (i * 160) + (i % 2 == 0 ? 0 : 80));
        }

        Assert.InRange(stats.JitterMilliseconds, 5, 11);
    }

    [Fact]
    public void ReportBlockCarriesTheFractionLostOfTheInterval()
    {
        var stats = new RtpReceiveStatistics();
        for (var i = 0; i < 100; i++)
        {
            if (i % 4 != 3)
            {
                stats.Update((ushort)i, (uint)(i * 160), i * 160L);
            }
        }

        var first = stats.CreateReportBlock(7, 0, 0);
        stats.Update(99, 15840, 15840);
        stats.Update(100, 16000, 16000);
        var second = stats.CreateReportBlock(7, 0, 0);

        Assert.Equal(7u, first.Ssrc);
        Assert.Equal(24, first.CumulativeLost);
        Assert.InRange(first.FractionLost, 60, 66);
        Assert.Equal(0, second.FractionLost);
    }
}
