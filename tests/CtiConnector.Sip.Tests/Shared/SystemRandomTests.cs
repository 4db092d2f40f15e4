using CtiConnector.Shared;

namespace CtiConnector.Sip.Tests.Shared;

/// <summary>
/// The operating system's random values as the SIP stack draws them: ranges, alphabet, lengths, and no repeats. It does
/// not test the quality of the kernel's generator, only that its bytes are used and mapped without bias or overflow.
/// </summary>
public sealed class SystemRandomTests
{
    [Fact]
    public void GetStringDrawsOnlyFromTheAlphabetAndReachesEveryCharacter()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var seen = new HashSet<char>();
        for (var i = 0; i < 200; i++)
        {
            var value = SystemRandom.GetString(alphabet, 24);
            Assert.Equal(24, value.Length);
            Assert.All(value, c => Assert.Contains(c, alphabet));
            seen.UnionWith(value);
        }

        Assert.Equal(alphabet.Length, seen.Count);
    }

    [Fact]
    public void GetStringHandlesLengthsPastOneBatch()
    {
        Assert.Equal(0, SystemRandom.GetString("ab", 0).Length);
        Assert.Equal(500, SystemRandom.GetString("ab", 500).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1001)]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void GetInt32StaysInItsRange(int toExclusive)
    {
        for (var i = 0; i < 500; i++)
        {
            var value = SystemRandom.GetInt32(toExclusive);
            Assert.InRange(value, 0, toExclusive - 1);
        }
    }

    [Fact]
    public void GetInt32ReachesBothEndsOfASmallRange()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 500 && seen.Count < 3; i++)
        {
            seen.Add(SystemRandom.GetInt32(3));
        }

        Assert.Equal([0, 1, 2], seen.Order());
    }

    [Fact]
    public void GetBytesDoesNotRepeat()
    {
        var values = Enumerable.Range(0, 100).Select(_ => Convert.ToHexString(SystemRandom.GetBytes(16))).ToHashSet();
        Assert.Equal(100, values.Count);
    }

    [Fact]
    public void GetInt32RejectsAnEmptyRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SystemRandom.GetInt32(0));
    }
}
