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
    [InlineData("jane@example.org", "jane@example.org", false)]
    [InlineData(" jane.doe+sales@mail.example.org ", "jane.doe+sales@mail.example.org", false)]
    [InlineData("0912345678@freephonie.net", "0912345678@freephonie.net", false)]
    [InlineData("bob@192.0.2.20:5060", "bob@192.0.2.20:5060", false)]
    [InlineData("bob@[2001:db8::1]:5060", "bob@[2001:db8::1]:5060", false)]
    public void AcceptedTargetsAreNormalisedForDialling(string input, string dial, bool isNumber)
    {
        Assert.True(DialTarget.TryParse(input, out var target, out _));
        Assert.Equal(dial, target.Dial);
        Assert.Equal(isNumber, target.IsNumber);
    }

    [Theory]
    [InlineData("+33 1 23 45 67 89", "+33123456789")]
    [InlineData("sip:+33123456789@127.0.0.1:5060", "+33123456789")]
    [InlineData("sips:%2B33123456789@provider.example;user=phone", "+33123456789")]
    [InlineData("sip:0123456789;isub=12@pbx.example.org", "0123456789")]
    [InlineData("0912345678@freephonie.net", "0912345678")]
    [InlineData("sip:bob@pbx.example.org", null)]
    [InlineData("sip:pbx.example.org", null)]
    [InlineData("jane@example.org", null)]
    [InlineData("alice", null)]
    public void TheNumberOfATargetIsWhatItsAddressHolds(string input, string? number)
    {
        Assert.True(DialTarget.TryParse(input, out var target, out _));
        Assert.Equal(number, target.Number);
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
    [InlineData("jane@")]
    [InlineData("jane@@example.org")]
    [InlineData("jane@exa_mple.org")]
    [InlineData("jane@example..org")]
    [InlineData("jane@-example.org")]
    [InlineData("jane@example.org:99999")]
    [InlineData("ja(ne@example.org")]
    [InlineData("jane@[not-v6]")]
    public void TargetsThatCouldInjectOptionsOrSyntaxAreRefused(string input)
    {
        Assert.False(DialTarget.TryParse(input, out var target, out var error));
        Assert.Null(target);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void AMalformedAddressIsRefusedWithWhatIsWrongWithIt()
    {
        Assert.False(DialTarget.TryParse("jane@exa_mple.org", out _, out var error));
        Assert.Contains("'exa_mple.org' is not a domain name or IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATargetLongerThanTheLimitIsRefused()
    {
        Assert.False(DialTarget.TryParse(new string('1', DialTarget.MaxLength + 1), out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }
}
