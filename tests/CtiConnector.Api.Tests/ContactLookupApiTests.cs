using System.Buffers;
using System.Net;
using System.Text.Json;
using CtiConnector.Api.Pipe;
using CtiConnector.Core.Model;
using CtiConnector.Core.Tests.Fakes;

namespace CtiConnector.Api.Tests;

/// <summary>
/// <c>GET /v1/contacts?number=</c> resolves a number as an incoming call's screen pop does: the local directory, then
/// the contact sources (CRM plugins, here in-memory scripted sources) in order. Not covered here: the plugin host's own
/// budgets and disabling (Plugins.Host tests), the resolver's clock (Core tests).
/// </summary>
public sealed class ContactLookupApiTests
{
    private static readonly ContactRef Bob = new("crm-42", "Bob Durand", "Durand SA", "https://crm.example/42");

    [Fact]
    public async Task ANumberOnlyAPluginSourceKnowsIsFoundByTheLookup()
    {
        var source = ScriptedContactSource.Hit("crm", Bob);
        await using var server = await ApiServer.StartAsync(sources: [source]);

        using var response = await server.Client.GetAsync("/v1/contacts?number=06%2011%2022%2033%2044");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contact = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("crm-42", contact.GetProperty("id").GetString());
        Assert.Equal("Bob Durand", contact.GetProperty("name").GetString());
        Assert.Equal("Durand SA", contact.GetProperty("company").GetString());
        Assert.Equal("https://crm.example/42", contact.GetProperty("crmUrl").GetString());
        var number = Assert.Single(contact.GetProperty("numbers").EnumerateArray());
        Assert.Equal("06 11 22 33 44", number.GetProperty("raw").GetString());
        Assert.Equal("+33611223344", number.GetProperty("e164").GetString());
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task AContactFromAPluginHasTheFieldsOfADirectoryContact()
    {
        await using var server = await ApiServer.StartAsync(sources: [ScriptedContactSource.Hit("crm", Bob)]);

        var fromPlugin = await server.Client.GetStringAsync("/v1/contacts?number=0611223344");
        var fromDirectory = await server.Client.GetStringAsync("/v1/contacts?number=0123456789");

        Assert.Equal(PropertyNames(fromDirectory), PropertyNames(fromPlugin));
    }

    [Fact]
    public async Task TheDirectoryWinsWhenItAndAPluginBothKnowTheNumber()
    {
        var source = ScriptedContactSource.Hit("crm", Bob);
        await using var server = await ApiServer.StartAsync(sources: [source]);

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/contacts?number=%2B33%201%2023%2045%2067%2089"));

        var contact = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("c-alice", contact.GetProperty("id").GetString());
        Assert.Equal("01 23 45 67 89", Assert.Single(contact.GetProperty("numbers").EnumerateArray()).GetProperty("raw").GetString());
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task AThrowingPluginIsAMissAndTheNextPluginAnswers()
    {
        await using var server = await ApiServer.StartAsync(sources: [ScriptedContactSource.Throwing("broken"), ScriptedContactSource.Hit("crm", Bob)]);

        using var response = await server.Client.GetAsync("/v1/contacts?number=0611223344");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("crm-42", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task AThrowingPluginAloneLeavesAnEmptyAnswer()
    {
        await using var server = await ApiServer.StartAsync(sources: [ScriptedContactSource.Throwing("broken")]);

        using var response = await server.Client.GetAsync("/v1/contacts?number=0611223344");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSearchStaysInTheLocalDirectory()
    {
        var source = ScriptedContactSource.Hit("crm", Bob);
        await using var server = await ApiServer.StartAsync(sources: [source]);

        var search = await server.Client.GetStringAsync("/v1/contacts?q=bob");

        Assert.Equal("[]", search);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task TheOpenApiDocumentSaysWhereTheLookupLooks()
    {
        await using var server = await ApiServer.StartAsync();

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/openapi.json"));

        var operation = json.RootElement.GetProperty("paths").GetProperty("/v1/contacts").GetProperty("get");
        Assert.Contains("plugins", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        var parameters = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("number", parameters);
        Assert.Contains("q", parameters);
        Assert.Contains("limit", parameters);
    }

    [Fact]
    public async Task ThePipesLookupCommandAsksThePluginsToo()
    {
        await using var f = await CallCenterFixture.StartAsync([ScriptedContactSource.Throwing("broken"), ScriptedContactSource.Hit("crm", Bob)]);
        using var args = JsonDocument.Parse("{\"number\":\"06 11 22 33 44\"}");

        var write = await PipeCommands.ExecuteAsync(f.Center, "contacts.lookup", args.RootElement, CancellationToken.None);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write!(writer);
        }

        using var json = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal("crm-42", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("id").GetString());
    }

    private static List<string> PropertyNames(string answer)
    {
        using var json = JsonDocument.Parse(answer);
        return [.. Assert.Single(json.RootElement.EnumerateArray()).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }
}
