using System.Text;
using CtiConnector.Contacts;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Tests;

/// <summary>
/// The behaviour of <see cref="IContactStore"/>, run against each provider by a subclass. Each test has its own
/// empty database. Match keys are given by the caller (here: the last 9 digits), as PhoneNumbers computes them.
/// </summary>
public abstract class ContactStoreTests : IAsyncLifetime
{
    private IStorageTarget? _target;

    protected IStorageTarget Target => _target ??= CreateTarget();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    [Fact]
    public async Task UpsertAssignsIdsAndGetReturnsTheContactWithItsNumbersInOrder()
    {
        var store = (await Target.OpenAsync()).Contacts;
        var alice = Person("Alice Martin", "+33123456789", "+33612345678") with { Company = "Acme", Email = "alice@acme.test", CrmUrl = "https://crm.test/1" };

        var summary = await store.UpsertAsync([alice, Person("Bob Durand", "+33198765432")], CancellationToken.None);
        var found = await store.FindByNumberAsync("+33123456789", null, CancellationToken.None);

        Assert.Equal(new ContactImportSummary(2, 0), summary);
        Assert.NotNull(found);
        Assert.False(string.IsNullOrEmpty(found.Id));
        Assert.Equal(
            (alice.ExternalId, alice.Name, alice.Company, alice.Email, alice.CrmUrl),
            (found.ExternalId, found.Name, found.Company, found.Email, found.CrmUrl));
        Assert.Equal(alice.Numbers, found.Numbers);
        var byId = await store.GetAsync(found.Id, CancellationToken.None);
        Assert.Equal("Alice Martin", byId!.Name);
        Assert.Equal(alice.Numbers, byId.Numbers);
        Assert.Null(await store.GetAsync("no-such-id", CancellationToken.None));
    }

    [Fact]
    public async Task FindByNumberPrefersTheExactE164OverTheMatchKey()
    {
        var store = (await Target.OpenAsync()).Contacts;

        // Same last nine digits, different countries: the match key alone is ambiguous.
        await store.UpsertAsync([Person("France", "+33123456789"), Person("Belgium", "+32123456789")], CancellationToken.None);

        Assert.Equal("Belgium", (await store.FindByNumberAsync("+32123456789", "123456789", CancellationToken.None))?.Name);
        Assert.Equal("France", (await store.FindByNumberAsync("+33123456789", "123456789", CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task FindByNumberFallsBackToTheMatchKeyAndReturnsNullWhenNobodyMatches()
    {
        var store = (await Target.OpenAsync()).Contacts;
        await store.UpsertAsync(
            [new Contact(string.Empty, null, "No E164", null, null, null, [new ContactPhone("work", "0123 456 789", null, "123456789")])],
            CancellationToken.None);

        Assert.Equal("No E164", (await store.FindByNumberAsync("+33123456789", "123456789", CancellationToken.None))?.Name);
        Assert.Equal("No E164", (await store.FindByNumberAsync(null, "123456789", CancellationToken.None))?.Name);
        Assert.Null(await store.FindByNumberAsync("+33999999999", "999999999", CancellationToken.None));
        Assert.Null(await store.FindByNumberAsync(null, null, CancellationToken.None));
    }

    [Fact]
    public async Task SearchFindsContactsWhoseWordsStartWithEveryWordOfTheTextIgnoringCaseAndAccents()
    {
        var store = (await Target.OpenAsync()).Contacts;
        await store.UpsertAsync(
            [
                Person("Hélène Lefèvre", "+33100000001") with { Company = "Boulangerie Œuf d'Or" },
                Person("Zoé Zhang", "+33100000002") with { Company = "Acme" },
                Person("50%_off", "+33100000003"),
            ],
            CancellationToken.None);

        Assert.Equal(["Hélène Lefèvre"], (await store.SearchAsync("HELENE", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Hélène Lefèvre"], (await store.SearchAsync("lefevre", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Hélène Lefèvre"], (await store.SearchAsync("oeuf", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Zoé Zhang"], (await store.SearchAsync("acme", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Hélène Lefèvre"], (await store.SearchAsync("lef hél", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Zoé Zhang"], (await store.SearchAsync("ZH ac", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Hélène Lefèvre"], (await store.SearchAsync("b o", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Empty(await store.SearchAsync("helene zhang", 10, CancellationToken.None));
        Assert.Equal(["50%_off"], (await store.SearchAsync("%_", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Empty(await store.SearchAsync("nobody", 10, CancellationToken.None));
    }

    [Fact]
    public async Task SearchFindsByNumberPrefixInE164OrAsDialled()
    {
        var store = (await Target.OpenAsync()).Contacts;
        await store.UpsertAsync(
            [
                new Contact(string.Empty, null, "Mobile", null, null, null, [new ContactPhone("mobile", "06 12 34 56 78", "+33612345678", "612345678")]),
                new Contact(string.Empty, null, "Office", null, null, null, [new ContactPhone("work", "01 23 45 67 89", "+33123456789", "123456789")]),
            ],
            CancellationToken.None);

        Assert.Equal(["Mobile"], (await store.SearchAsync("+33 6", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Mobile"], (await store.SearchAsync("0612", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Mobile", "Office"], (await store.SearchAsync("33", 10, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["Office"], (await store.SearchAsync("01 23", 10, CancellationToken.None)).Select(c => c.Name));
    }

    [Fact]
    public async Task ReimportUpdatesByExternalIdOrByASharedNumberAndTheSameNameInsteadOfDuplicating()
    {
        var store = (await Target.OpenAsync()).Contacts;
        var fromCrm = Person("Alice Martin", "+33123456789") with { ExternalId = "crm-1", Company = "Acme" };
        var fromVcard = Person("Bob Durand", "+33198765432");
        await store.UpsertAsync([fromCrm, fromVcard], CancellationToken.None);
        var aliceId = (await store.FindByNumberAsync("+33123456789", null, CancellationToken.None))!.Id;
        var bobId = (await store.FindByNumberAsync("+33198765432", null, CancellationToken.None))!.Id;

        var summary = await store.UpsertAsync(
            [
                Person("Alice Martin-Dupont", "+33600000001") with { ExternalId = "crm-1", Company = "Acme SA" },
                Person("BOB DURAND", "+33198765432", "+33700000002"),
                Person("Bob Durand", "+33800000003"),
            ],
            CancellationToken.None);

        Assert.Equal(new ContactImportSummary(1, 2), summary);
        var alice = await store.GetAsync(aliceId, CancellationToken.None);
        Assert.Equal("Alice Martin-Dupont", alice!.Name);
        Assert.Equal("Acme SA", alice.Company);
        Assert.Equal(["+33600000001"], alice.Numbers.Select(n => n.E164));
        Assert.Null(await store.FindByNumberAsync("+33123456789", null, CancellationToken.None));
        Assert.Equal(["+33198765432", "+33700000002"], (await store.GetAsync(bobId, CancellationToken.None))!.Numbers.Select(n => n.E164));
        Assert.Equal(3, (await store.ListAsync(null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ImportIsAllOrNothingWhenARowInTheMiddleIsRefused()
    {
        var store = (await Target.OpenAsync()).Contacts;
        await store.UpsertAsync([Person("Existing", "+33100000099") with { ExternalId = "e-1" }], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.UpsertAsync(
            [
                Person("First", "+33100000001"),
                Person("Existing renamed", "+33100000098") with { ExternalId = "e-1" },
                Person("   ", "+33100000002"),
                Person("Last", "+33100000003"),
            ],
            CancellationToken.None));

        Assert.Equal(StorageErrorKind.InvalidData, error.Kind);
        Assert.Contains("contact 3 of 4", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindByNumberAsync("+33100000001", null, CancellationToken.None));
        Assert.Null(await store.FindByNumberAsync("+33100000003", null, CancellationToken.None));
        Assert.Equal(["Existing"], (await store.ListAsync(null, 100, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(["+33100000099"], (await store.ListAsync(null, 100, CancellationToken.None))[0].Numbers.Select(n => n.E164));
    }

    [Fact]
    public async Task ListPagesThroughAllContactsInNameOrder()
    {
        var store = (await Target.OpenAsync()).Contacts;
        string[] names = ["delta", "Alpha", "Écho", "charlie", "Bravo", "alpha"];
        await store.UpsertAsync([.. names.Select((n, i) => Person(n, "+3310000010" + i))], CancellationToken.None);

        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await store.ListAsync(after, 4, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            seen.AddRange(page.Select(c => c.Name));
            after = page[^1].Id;
        }

        Assert.Equal(6, seen.Count);
        Assert.Equal(["bravo", "charlie", "delta", "echo"], seen[2..].Select(n => n.ToLowerInvariant().Replace('é', 'e')));
        Assert.Equal(["alpha", "alpha"], seen[..2].Select(n => n.ToLowerInvariant()));
    }

    [Fact]
    public async Task DeleteRemovesTheContactAndItsNumbers()
    {
        var store = (await Target.OpenAsync()).Contacts;
        await store.UpsertAsync([Person("Gone", "+33100000201")], CancellationToken.None);
        var id = (await store.FindByNumberAsync("+33100000201", null, CancellationToken.None))!.Id;

        Assert.True(await store.DeleteAsync(id, CancellationToken.None));
        Assert.False(await store.DeleteAsync(id, CancellationToken.None));
        Assert.Null(await store.GetAsync(id, CancellationToken.None));
        Assert.Null(await store.FindByNumberAsync("+33100000201", "100000201", CancellationToken.None));
        Assert.Equal(0L, Convert.ToInt64(await Target.ScalarAsync("SELECT COUNT(*) FROM contact_numbers"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ConcurrentImportsFromTwoStoreInstancesNeitherDuplicateNorLoseContacts()
    {
        var first = (await Target.OpenAsync("agent-a")).Contacts;
        var second = (await Target.OpenAsync("agent-b")).Contacts;
        var shared = Enumerable.Range(0, 40).Select(i => Person("Shared " + i, "+3320000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) with { ExternalId = "s" + i }).ToList();
        var onlyA = Enumerable.Range(0, 40).Select(i => Person("A " + i, "+3330000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var onlyB = Enumerable.Range(0, 40).Select(i => Person("B " + i, "+3340000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var tasks = new List<Task<ContactImportSummary>>();
        for (var round = 0; round < 3; round++)
        {
            tasks.Add(Task.Run(() => first.UpsertAsync([.. shared, .. onlyA], CancellationToken.None)));
            tasks.Add(Task.Run(() => second.UpsertAsync([.. onlyB, .. shared], CancellationToken.None)));
        }

        var summaries = await Task.WhenAll(tasks);

        Assert.Equal(120, summaries.Sum(s => s.Inserted));
        Assert.Equal((6 * 80) - 120, summaries.Sum(s => s.Updated));
        var all = await first.ListAsync(null, 500, CancellationToken.None);
        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task DirectoryExportWritesEveryContactByNameWithColumnsForTheWidestAndTheImportReadsItBack()
    {
        var store = (await Target.OpenAsync()).Contacts;
        var contacts = new List<Contact>
        {
            Person("Émile Zola", "+33100000051") with { ExternalId = "crm-7", Company = "Les Rougon, SA", Email = "emile@test", CrmUrl = "https://crm.test/7" },
            new(string.Empty, null, "Bea Mobile", null, null, null,
            [
                new ContactPhone("mobile", "06 00 00 00 01", "+33600000001", "600000001"),
                new ContactPhone("mobile", "06 00 00 00 02", "+33600000002", "600000002"),
                new ContactPhone("fax", "01 00 00 00 03", "+33100000003", "100000003"),
            ]),
        };
        for (var i = 0; i < 5; i++)
        {
            contacts.Add(Person($"Filler {i}", $"+3310000006{i}"));
        }

        await store.UpsertAsync(contacts, CancellationToken.None);
        using var writer = new StringWriter();

        await DirectoryCsv.WriteAsync(store, writer, CancellationToken.None, pageSize: 3);

        var text = writer.ToString();
        Assert.StartsWith("Id,Name,Company,Email,Url,Work Phone,Home Phone,Mobile Phone,Mobile Phone 2,Fax,Other Phone\r\n", text, StringComparison.Ordinal);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = await new ContactReader().ReadAsync(content, ContactFormat.Csv, CancellationToken.None);
        Assert.True(read.IsClean, string.Join("; ", read.Errors));
        Assert.Equal(
            ["Bea Mobile", "Émile Zola", "Filler 0", "Filler 1", "Filler 2", "Filler 3", "Filler 4"],
            read.Cards.Select(c => c.Name));
        var zola = read.Cards[1];
        Assert.Equal(("crm-7", "Les Rougon, SA", "emile@test", "https://crm.test/7"), (zola.ExternalId, zola.Company, zola.Email, zola.CrmUrl));
        Assert.Equal([new ContactNumber(ContactNumberType.Work, "+33100000051")], zola.Numbers);
        Assert.Equal(
            [new ContactNumber(ContactNumberType.Mobile, "06 00 00 00 01"), new ContactNumber(ContactNumberType.Mobile, "06 00 00 00 02"),
             new ContactNumber(ContactNumberType.Fax, "01 00 00 00 03")],
            read.Cards[0].Numbers.OrderBy(n => n.Type == ContactNumberType.Fax).ThenBy(n => n.Raw));
    }

    protected abstract IStorageTarget CreateTarget();

    private static Contact Person(string name, params string[] e164) =>
        new(string.Empty, null, name, null, null, null, [.. e164.Select(n => new ContactPhone("work", n, n, n[^9..]))]);
}
