using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

public class SrvOrderingTests
{
    private static DnsSrvRecord Srv(string target, ushort priority, ushort weight) =>
        new("_sip._udp.example.test", TimeSpan.FromMinutes(1), priority, weight, 5060, target);

    [Fact]
    public void LowerPriorityComesFirstWhateverTheWeights()
    {
        var ordered = SrvOrdering.Order([Srv("c", 30, 1000), Srv("a", 10, 0), Srv("b", 20, 5)], new Random(3));

        Assert.Equal(["a", "b", "c"], ordered.Select(r => r.Target));
    }

    [Fact]
    public void EveryRecordOfAPriorityIsKeptExactlyOnce()
    {
        DnsSrvRecord[] records = [Srv("a", 0, 10), Srv("b", 0, 0), Srv("c", 0, 30), Srv("d", 0, 60)];

        var ordered = SrvOrdering.Order(records, new Random(5));

        Assert.Equal(["a", "b", "c", "d"], ordered.Select(r => r.Target).Order());
    }

    [Fact]
    public void AZeroWeightRecordIsRarelyFirstButCanBe()
    {
        var random = new Random(11);
        var zeroFirst = 0;
        for (var i = 0; i < 2000; i++)
        {
            zeroFirst += SrvOrdering.Order([Srv("zero", 0, 0), Srv("some", 0, 20)], random)[0].Target == "zero" ? 1 : 0;
        }

        // RFC 2782: the zero-weight record is chosen first only when the random number is 0, i.e. 1 time in 21.
        Assert.InRange(zeroFirst, 40, 160);
    }

    [Fact]
    public void WeightsSpreadTheFirstChoiceInProportion()
    {
        var random = new Random(7);
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < 6000; i++)
        {
            counts[SrvOrdering.Order([Srv("a", 0, 10), Srv("b", 0, 20), Srv("c", 0, 30)], random)[0].Target]++;
        }

        Assert.InRange(counts["a"], 800, 1200);
        Assert.InRange(counts["b"], 1750, 2250);
        Assert.InRange(counts["c"], 2700, 3300);
    }

    [Fact]
    public void TargetsOfDotAreLeftOut()
    {
        var ordered = SrvOrdering.Order([Srv(string.Empty, 0, 0), Srv("a", 1, 0)], new Random(1));

        Assert.Equal(["a"], ordered.Select(r => r.Target));
    }
}
