using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Plugins.PhonebookFile.Tests;

public sealed class PhonebookFilePluginTests : IAsyncLifetime
{
    private const string PhonerLite = """
        Accueil Mairie;0145678901
        Dr Morel;01 44 55 66 77;06 07 08 09 10
        Standard Siège;+33 4 78 00 00 00;;contact@siege.example.fr
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cti-phonebook-").FullName;
    private readonly List<PhonebookFilePlugin> _plugins = [];

    private string PhonebookPath => Path.Combine(_directory, "phonebook.csv");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var plugin in _plugins)
        {
            await plugin.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task APhonerLitePhonebookAnswersByE164AndByTheNumberAsReceived()
    {
        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);
        var plugin = await CreateAsync();

        var byE164 = await plugin.LookupAsync(new PhoneNumberQuery("+33607080910", "+33607080910", "0607080910", null), CancellationToken.None);
        var byRaw = await plugin.LookupAsync(new PhoneNumberQuery("01 45 67 89 01", null, null, null), CancellationToken.None);

        Assert.Equal("Dr Morel", byE164?.Name);
        Assert.Equal("Accueil Mairie", byRaw?.Name);
        Assert.Equal(3, plugin.Contacts);
    }

    [Fact]
    public async Task AnUnknownNumberIsAMiss()
    {
        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);
        var plugin = await CreateAsync();

        Assert.Null(await plugin.LookupAsync(new PhoneNumberQuery("0999999999", "+33999999999", "0999999999", null), CancellationToken.None));
    }

    [Fact]
    public async Task AVCardFileIsReadWithCompanyAndId()
    {
        var path = Path.Combine(_directory, "team.vcf");
        await File.WriteAllTextAsync(path, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:crm-12\r\nFN:Alice Martin\r\nORG:ACME\r\nTEL;TYPE=work:+33 1 23 45 67 89\r\nEND:VCARD\r\n");
        var plugin = await CreateAsync(path);

        var contact = await plugin.LookupAsync(new PhoneNumberQuery("0123456789", "+33123456789", "0123456789", null), CancellationToken.None);

        Assert.Equal("Alice Martin", contact?.Name);
        Assert.Equal("ACME", contact?.Company);
    }

    [Fact]
    public async Task AChangedFileIsReadAgain()
    {
        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);
        var plugin = await CreateAsync();

        await File.WriteAllTextAsync(PhonebookPath, PhonerLite + "\nNouveau Client;0588776655\n", Encoding.UTF8);

        var contact = await WaitForAsync(plugin, new PhoneNumberQuery("0588776655", "+33588776655", "0588776655", null));
        Assert.Equal("Nouveau Client", contact.Name);
    }

    [Fact]
    public async Task AFileThatAppearsAfterStartIsRead()
    {
        var plugin = await CreateAsync();
        Assert.Equal(0, plugin.Contacts);

        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);

        var contact = await WaitForAsync(plugin, new PhoneNumberQuery("0145678901", "+33145678901", "0145678901", null));
        Assert.Equal("Accueil Mairie", contact.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    [InlineData("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Writ")]
    public async Task ABrokenNewVersionIsRefusedAndTheOldContactsStay(string broken)
    {
        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);
        var plugin = await CreateAsync();
        await File.WriteAllTextAsync(PhonebookPath, broken, Encoding.UTF8);

        var taken = await plugin.ReloadAsync(CancellationToken.None);

        Assert.False(taken);
        Assert.Equal(3, plugin.Contacts);
        Assert.Equal("Dr Morel", (await plugin.LookupAsync(new PhoneNumberQuery("0144556677", null, null, null), CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task AFolderThatDoesNotExistFailsInitialisation()
    {
        var plugin = new PhonebookFilePlugin();
        _plugins.Add(plugin);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => plugin.InitializeAsync(Context(Path.Combine(_directory, "nope", "book.csv")), CancellationToken.None));
    }

    [Fact]
    public async Task ARelativePathIsInTheDataDirectory()
    {
        await File.WriteAllTextAsync(PhonebookPath, PhonerLite, Encoding.UTF8);

        var plugin = await CreateAsync("phonebook.csv");

        Assert.Equal(3, plugin.Contacts);
    }

    private static async Task<PluginContact> WaitForAsync(PhonebookFilePlugin plugin, PhoneNumberQuery query)
    {
        // Waits on the watcher (a condition, not a duration); the limit only stops a broken watcher hanging the run.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await plugin.LookupAsync(query, CancellationToken.None) is { } contact)
            {
                return contact;
            }

            await Task.Delay(50, limit.Token);
        }
    }

    private PluginContext Context(string path) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Path"] = path, ["DebounceMs"] = "50" }).Build(),
        NullLogger.Instance,
        _directory,
        "FR");

    private async Task<PhonebookFilePlugin> CreateAsync(string? path = null)
    {
        var plugin = new PhonebookFilePlugin();
        _plugins.Add(plugin);
        await plugin.InitializeAsync(Context(path ?? PhonebookPath), CancellationToken.None);
        return plugin;
    }
}
