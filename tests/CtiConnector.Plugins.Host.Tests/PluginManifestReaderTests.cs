using System.Text;

namespace CtiConnector.Plugins.Host.Tests;

public sealed class PluginManifestReaderTests
{
    [Fact]
    public void AValidManifestIsRead()
    {
        var manifest = PluginManifestReader.Parse(Encoding.UTF8.GetBytes(
            """{ "id": "My-Crm_2", "name": "My CRM", "version": "1.2.3", "entryAssembly": "My.Crm.dll", "contractVersion": 1, "entryType": "My.Crm.Plugin" }"""),
            out var error);

        Assert.Null(error);
        Assert.Equal(new PluginManifest("My-Crm_2", "My CRM", "1.2.3", "My.Crm.dll", 1, "My.Crm.Plugin"), manifest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("é")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void IdsOutsideTheAllowedSyntaxAreRefused(string id)
    {
        Assert.False(PluginManifestReader.IsValidId(id));
    }

    [Fact]
    public void ANonObjectIsRefused()
    {
        Assert.Null(PluginManifestReader.Parse("[1]"u8, out var error));
        Assert.Equal("plugin.json is not a JSON object", error);
    }
}
