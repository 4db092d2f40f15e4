using System.Net;
using System.Text.Json;

namespace CtiConnector.Api.Tests;

internal static class ProblemAssert
{
    /// <summary>Asserts the status and the problem type, and returns the problem document.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Problems.TypePrefix + code, document.RootElement.GetProperty("type").GetString());
        return document.RootElement.Clone();
    }
}
