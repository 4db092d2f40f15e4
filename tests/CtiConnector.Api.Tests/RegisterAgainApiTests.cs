using System.Net;
using System.Text;

namespace CtiConnector.Api.Tests;

public sealed class RegisterAgainApiTests
{
    [Fact]
    public async Task AnUnknownAccountIsNotFound()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.PostAsync("/v1/accounts/nobody/register", new StringContent("{}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task RegisteringAgainIsNeverAGet()
    {
        await using var server = await ApiServer.StartAsync();

        var response = await server.Client.GetAsync("/v1/accounts/a1/register");

        await ProblemAssert.IsAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }
}
