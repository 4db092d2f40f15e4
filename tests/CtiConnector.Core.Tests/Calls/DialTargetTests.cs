using CtiConnector.Core.Calls;

namespace CtiConnector.Core.Tests.Calls;

public sealed class DialTargetTests
{
    [Theory]
    [InlineData("+33 1 23 45 67 89", "+33123456789", true)]
    [InlineData("tel:+33 1 23 45 67 89", "+33123456789", true)]
    [InlineData("tel:+33%201%2023%2045%2067%2089", "+33123456789", true)]
    [InlineData("tel:0123456789;phone-context=+33", "+33123456789", true)]
    [InlineData("TEL:01.23.45.67.89", "0123456789", true)]
    [InlineData("callto://+33123456789", "+33123456789", true)]
    [InlineData("callto:0123456789", "0123456789", true)]
    [InlineData("callto://alice@example.org", "alice@example.org", false)]
    [InlineData("sip:bob@pbx.example.org;transport=tcp", "sip:bob@pbx.example.org;transport=tcp", false)]
    [InlineData("(212) 555-0123", "2125550123", true)]
    [InlineData("*43#", "*43#", true)]
    [InlineData("alice", "alice", false)]
    public void AcceptedTargetsAreNormalisedForDialling(string input, string dial, bool isNumber)
    {
        Assert.True(DialTarget.TryParse(input, out var target, out _));
        Assert.Equal(dial, target.Dial);
        Assert.Equal(isNumber, target.IsNumber);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--help")]
    [InlineData("callto://-x")]
    [InlineData("sip:-x@y")]
    [InlineData("01 23\n45")]
    [InlineData("<sip:a@b>")]
    [InlineData("a b")]
    [InlineData("tel:abc")]
    [InlineData("12+34")]
    [InlineData("@example.org")]
    public void TargetsThatCouldInjectOptionsOrSyntaxAreRefused(string input)
    {
        Assert.False(DialTarget.TryParse(input, out var target, out var error));
        Assert.Null(target);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ATargetLongerThanTheLimitIsRefused()
    {
        Assert.False(DialTarget.TryParse(new string('1', DialTarget.MaxLength + 1), out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }
}
