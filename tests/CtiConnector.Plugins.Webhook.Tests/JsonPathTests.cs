using System.Text.Json;

namespace CtiConnector.Plugins.Webhook.Tests;

public sealed class JsonPathTests
{
    private const string Answer = """{"data":[{"id":7,"full_name":"Alice","vip":true,"tags":["a"]}],"company name":"ACME"}""";

    [Theory]
    [InlineData("$.data[0].full_name", "Alice")]
    [InlineData("data[0].full_name", "Alice")]
    [InlineData("$.data[0].id", "7")]
    [InlineData("$.data[0].vip", "true")]
    [InlineData("$['company name']", "ACME")]
    [InlineData("$[\"data\"][0][\"full_name\"]", "Alice")]
    public void FindTextFollowsPropertiesAndIndexes(string path, string expected)
    {
        using var document = JsonDocument.Parse(Answer);

        Assert.Equal(expected, JsonPath.Parse(path).FindText(document.RootElement));
    }

    [Theory]
    [InlineData("$.data[1].full_name")]
    [InlineData("$.data[0].missing")]
    [InlineData("$.data.full_name")]
    [InlineData("$.data[0].tags")]
    [InlineData("$.data[0]")]
    public void FindTextIsNullForMissingStepsAndNonScalarValues(string path)
    {
        using var document = JsonDocument.Parse(Answer);

        Assert.Null(JsonPath.Parse(path).FindText(document.RootElement));
    }

    [Theory]
    [InlineData("$.")]
    [InlineData("$.data[")]
    [InlineData("$.data[-1]")]
    [InlineData("$['data]")]
    [InlineData("$x")]
    public void ParseRejectsMalformedPaths(string path)
    {
        Assert.Throws<FormatException>(() => JsonPath.Parse(path));
    }
}
