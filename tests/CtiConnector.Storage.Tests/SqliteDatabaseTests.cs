using System.Diagnostics;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;

namespace CtiConnector.Storage.Tests;

/// <summary>
/// What is specific to the SQLite file: pragmas, migrations, a damaged file moved aside, a read-only file.
/// Not verified here: a really full disk (the error code path is shared with read-only and covered by translation).
/// </summary>
public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private readonly SqliteTarget _target = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task OpeningCreatesTheFileInWalModeWithTheSchemaVersionRecorded()
    {
        var storage = await _target.OpenAsync();

        Assert.True(File.Exists(_target.FilePath));
        Assert.Equal("sqlite", storage.Provider);
        Assert.Equal(_target.FilePath, storage.Location);
        Assert.Empty(storage.Warnings);
        Assert.Equal("wal", await _target.ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal(2L, await _target.ScalarAsync("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task ReopeningDoesNotApplyMigrationsTwiceAndKeepsTheData()
    {
        var first = await _target.OpenAsync();
        var id = await first.History.InsertAsync(Record("keep"), CancellationToken.None);
        await first.DisposeAsync();

        var second = await _target.OpenAsync();

        Assert.Equal(2L, await _target.ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("keep", (await second.History.GetAsync(id, CancellationToken.None))!.CallId);
    }

    [Fact]
    public async Task EveryConnectionOfTheStoresHasForeignKeysOnAndTheBusyTimeout()
    {
        var storage = await _target.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await storage.Database.OpenConnectionAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(10_000L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task ADatabaseFromANewerVersionIsRefusedWithAClearMessage()
    {
        var storage = await _target.OpenAsync();
        await storage.DisposeAsync();
        await _target.ScalarAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");

        var error = await Assert.ThrowsAsync<StorageException>(() => _target.OpenAsync());

        Assert.Equal(StorageErrorKind.NewerSchema, error.Kind);
        Assert.Contains("newer version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNotADatabaseIsMovedAsideWithItsWalAndAFreshDatabaseWorks()
    {
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(_target.FilePath, garbage);
        await File.WriteAllTextAsync(_target.FilePath + "-wal", "stale wal");

        var storage = await _target.OpenAsync();

        var main = Assert.Single(MovedAside());
        Assert.Equal(garbage, await File.ReadAllBytesAsync(main));
        Assert.Equal("stale wal", await File.ReadAllTextAsync(main + "-wal"));
        var moved = new[] { main };
        var warning = Assert.Single(storage.Warnings);
        Assert.Contains(moved[0], warning, StringComparison.Ordinal);
        Assert.Contains("damaged", warning, StringComparison.Ordinal);
        var id = await storage.History.InsertAsync(Record("fresh"), CancellationToken.None);
        Assert.Equal("fresh", (await storage.History.GetAsync(id, CancellationToken.None))!.CallId);
    }

    [Fact]
    public async Task DamagedPagesFoundByTheIntegrityCheckAreMovedAsideNotEmptied()
    {
        await CreateDamagedDatabaseAsync();
        var damaged = await File.ReadAllBytesAsync(_target.FilePath);

        var reopened = await _target.OpenAsync();

        Assert.Equal(damaged, await File.ReadAllBytesAsync(Assert.Single(MovedAside())));
        Assert.Contains("damaged", Assert.Single(reopened.Warnings), StringComparison.Ordinal);
        Assert.Empty(await reopened.Contacts.ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task DamageMetWhileReadingIsReportedAndAsksTheNextOpenForAFullCheck()
    {
        await CreateDamagedDatabaseAsync();
        var unverified = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = _target.Directory, IntegrityCheck = IntegrityCheck.None }, null, CancellationToken.None);
        StorageException error;
        await using (unverified)
        {
            error = await Assert.ThrowsAsync<StorageException>(async () =>
            {
                for (string? after = null; ;)
                {
                    var page = await unverified.Contacts.ListAsync(after, 500, CancellationToken.None);
                    if (page.Count == 0)
                    {
                        break;
                    }

                    after = page[^1].Id;
                }

                await unverified.Contacts.SearchAsync("person", 500, CancellationToken.None);
            });
        }

        Assert.Equal(StorageErrorKind.Corrupt, error.Kind);
        Assert.True(File.Exists(_target.FilePath + ".check"));
        var reopened = await _target.OpenAsync();
        Assert.Single(MovedAside());
        Assert.Single(reopened.Warnings);
        Assert.False(File.Exists(_target.FilePath + ".check"));
    }

    [Fact]
    public async Task AutoCheckSkipsTheScanOfALargeCleanlyClosedFileButChecksOneLeftOpenByACrash()
    {
        await CreateDamagedDatabaseAsync();
        var large = new StorageOptions { DataDirectory = _target.Directory, SqliteAutoFullCheckMaxBytes = 0 };

        // Closed cleanly (no -wal): only the header and schema are read at open.
        await (await StorageFactory.OpenAsync(large, null, CancellationToken.None)).DisposeAsync();
        Assert.Empty(MovedAside());

        // A -wal left behind means the last run did not close the file: quick_check finds the damage.
        await File.WriteAllBytesAsync(_target.FilePath + "-wal", new byte[32]);
        var afterCrash = await StorageFactory.OpenAsync(large, null, CancellationToken.None);
        await using (afterCrash)
        {
            Assert.Single(MovedAside());
            Assert.Single(afterCrash.Warnings);
        }
    }

    [Fact]
    public async Task AReadOnlyDatabaseFileGivesAClearErrorAndNothingIsMovedAside()
    {
        var storage = await _target.OpenAsync();
        await storage.History.InsertAsync(Record("before"), CancellationToken.None);
        await storage.DisposeAsync();
        MakeReadOnly(_target.FilePath, true);
        try
        {
            var error = await Assert.ThrowsAsync<StorageException>(async () =>
            {
                var reopened = await _target.OpenAsync();
                await reopened.History.InsertAsync(Record("after"), CancellationToken.None);
            });

            Assert.Equal(StorageErrorKind.ReadOnly, error.Kind);
            Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
            Assert.Contains(_target.FilePath, error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_target.Directory, "cti.db.corrupt-*"));
        }
        finally
        {
            MakeReadOnly(_target.FilePath, false);
        }
    }

    [Fact]
    public async Task AFullDiskGivesAClearErrorAndEveryAcceptedRecordIsStillThere()
    {
        var first = await _target.OpenAsync();
        await first.DisposeAsync();
        var pages = (long)(await _target.ScalarAsync("PRAGMA page_count"))!;
        var capped = await StorageFactory.OpenAsync(
            new StorageOptions { DataDirectory = _target.Directory, SqliteMaxPageCount = pages + 4 }, null, CancellationToken.None);
        var accepted = new List<long>();
        StorageException? error = null;
        await using (capped)
        {
            for (var i = 0; i < 1000 && error is null; i++)
            {
                try
                {
                    accepted.Add(await capped.History.InsertAsync(Record("full-" + i) with { Notes = new string('n', 1500) }, CancellationToken.None));
                }
                catch (StorageException e)
                {
                    error = e;
                }
            }
        }

        Assert.NotNull(error);
        Assert.Equal(StorageErrorKind.DiskFull, error.Kind);
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(accepted);
        var reopened = await _target.OpenAsync();
        var stored = await reopened.History.QueryAsync(new HistoryQuery(Limit: 500), CancellationToken.None);
        Assert.Equal(accepted.Order(), stored.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task AnUnknownProviderIsRefusedWithTheConfigurationKeyInTheMessage()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => StorageFactory.OpenAsync(
            new StorageOptions { Provider = "oracle", DataDirectory = _target.Directory }, null, CancellationToken.None));

        Assert.Contains("Storage:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelativeFileNameInTheConnectionStringIsPlacedInTheDataDirectory()
    {
        var storage = await StorageFactory.OpenAsync(
            new StorageOptions { ConnectionString = "other.db", DataDirectory = _target.Directory }, null, CancellationToken.None);
        await using (storage)
        {
            Assert.Equal(Path.Combine(_target.Directory, "other.db"), storage.Location);
            Assert.True(File.Exists(Path.Combine(_target.Directory, "other.db")));
        }
    }

    [Fact]
    public async Task TheOutboxKeepsAMessageUntilItIsCompletedAndCountsAttempts()
    {
        var outbox = (await _target.OpenAsync()).Outbox;
        var now = DateTimeOffset.UtcNow;
        var id = await outbox.EnqueueAsync("journal", "{\"id\":1}", null, CancellationToken.None);
        await outbox.EnqueueAsync("journal", "later", now.AddHours(1), CancellationToken.None);

        var due = await outbox.GetDueAsync("journal", now.AddSeconds(1), 10, CancellationToken.None);
        await outbox.RescheduleAsync(id, now.AddMinutes(5), CancellationToken.None);
        var afterFailure = await outbox.GetDueAsync("journal", now.AddSeconds(1), 10, CancellationToken.None);
        var retried = await outbox.GetDueAsync("journal", now.AddMinutes(6), 10, CancellationToken.None);

        Assert.Equal(["{\"id\":1}"], due.Select(m => m.Payload));
        Assert.Empty(afterFailure);
        Assert.Equal(1, Assert.Single(retried).Attempts);
        Assert.True(await outbox.CompleteAsync(id, CancellationToken.None));
        Assert.False(await outbox.CompleteAsync(id, CancellationToken.None));
        Assert.Equal(["later"], (await outbox.GetDueAsync("journal", now.AddHours(2), 10, CancellationToken.None)).Select(m => m.Payload));
    }

    /// <summary>A database of 400 contacts with pages in the middle scribbled over (the header on page 1 stays valid).</summary>
    private async Task CreateDamagedDatabaseAsync()
    {
        var storage = await _target.OpenAsync();
        var contacts = Enumerable.Range(0, 400)
            .Select(i => new Contact(string.Empty, null, "Person " + i, "Company " + i, null, null, [new ContactPhone("work", "+3310000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), null, null)]))
            .ToList();
        await storage.Contacts.UpsertAsync(contacts, CancellationToken.None);
        await storage.DisposeAsync();
        var length = new FileInfo(_target.FilePath).Length;
        Assert.True(length > 16 * 4096, $"the test database is too small ({length} bytes)");
        await using var file = new FileStream(_target.FilePath, FileMode.Open, FileAccess.Write);
        for (var page = 3; page < length / 4096; page += 2)
        {
            file.Position = (page * 4096) + 100;
            file.Write(Enumerable.Repeat((byte)0x5A, 2000).ToArray());
        }
    }

    private string[] MovedAside() =>
        [.. Directory.GetFiles(_target.Directory, "cti.db.corrupt-*").Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))];

    private static void MakeReadOnly(string path, bool readOnly)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, readOnly ? FileAttributes.ReadOnly : FileAttributes.Normal);
            return;
        }

        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(path, readOnly ? UnixFileMode.UserRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return;
        }

        // Root ignores permission bits: the immutable attribute is what makes the file read-only for root.
        using var process = Process.Start("chattr", [readOnly ? "+i" : "-i", path]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode); // as root, the read-only test needs chattr (e2fsprogs) on a file system that supports it
    }

    private static HistoryRecord Record(string callId) =>
        new(0, callId, null, CallDirection.Outbound, new RemoteParty("+33100000000", "+33100000000", null), null,
            DateTimeOffset.UnixEpoch.AddYears(56), null, null, 0, null, null);
}
