using CtiConnector.Api.Ui;

namespace CtiConnector.Api.Tests;

public sealed class SignInNextTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("/", "/")]
    [InlineData("/#phone", "/#phone")]
    [InlineData("/popup?call=3f2a-b_9", "/popup?call=3f2a-b_9")]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/popup?call=x&next=//evil", "/")]
    [InlineData("/v1/calls", "/")]
    [InlineData("/#a\r\nLocation: x", "/")]
    public void ASignInLinkOnlyEverLandsOnTheUisOwnPages(string? next, string expected)
    {
        Assert.Equal(expected, UiEndpoints.SafeNext(next));
    }
}
