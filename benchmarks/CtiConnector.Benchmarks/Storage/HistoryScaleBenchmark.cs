using System.Diagnostics;
using System.Globalization;
using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;
using CtiConnector.Storage;
using Microsoft.Data.Sqlite;

namespace CtiConnector.Benchmarks.Storage;

/// <summary>
/// The history at the scale of issue #5 on SQLite: a directory of 1,000,000 contacts and 10,000,000 calls, then the two
/// operations a user waits for: a contact's timeline (the 50 newest calls, by contact, by number and by match key) and
/// the insert of a new call record (durable commit). The first 50,000 contacts are imported through the store (the
/// import rate is measured there); the other contacts and all the calls are generated straight into the schema the
/// store created, in one transaction with prepared statements (the generation rate is reported but is not what the
/// agent does). Each operation is timed on its own
/// with a stopwatch; p50/p99 are over the runs.
/// The database lives in a temporary folder under /tmp and is deleted at the end (it takes several GB).
/// Run: <c>dotnet run -c Release --project benchmarks/CtiConnector.Benchmarks -- history-scale [contacts] [calls]</c>.
/// </summary>
internal static class HistoryScaleBenchmark
{
    private const int ImportBatch = 10_000;
    private const int ImportedThroughTheStore = 50_000;
    private const int TimedQueries = 2_000;
    private const int TimedInserts = 2_000;

    public static async Task RunAsync(string[] args)
    {
        var contacts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var calls = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        var directory = Directory.CreateTempSubdirectory("cti-bench-history-").FullName;
        Console.WriteLine($"history-scale: {contacts:N0} contacts, {calls:N0} calls, in {directory}; load average {LoadAverage()}");
        try
        {
            var options = new StorageOptions { DataDirectory = directory, InstanceId = "bench" };
            var imported = Math.Min(contacts, ImportedThroughTheStore);
            await using (var storage = await StorageFactory.OpenAsync(options, null, CancellationToken.None))
            {
                await ImportContactsAsync(storage.Contacts, imported);
            }

            GenerateContacts(Path.Combine(directory, StorageOptions.DefaultSqliteFileName), imported, contacts);
            GenerateCalls(Path.Combine(directory, StorageOptions.DefaultSqliteFileName), contacts, calls);
            var size = new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length);
            Console.WriteLine($"database: {size / (1024.0 * 1024 * 1024):F2} GiB; load average {LoadAverage()}");

            var opening = Stopwatch.StartNew();
            await using (var storage = await StorageFactory.OpenAsync(options, null, CancellationToken.None))
            {
                Console.WriteLine($"open (migrations, integrity check): {opening.Elapsed.TotalSeconds:F1} s");
                await TimeTimelinesAsync(storage.History, contacts);
                await TimeInsertsAsync(storage.History, contacts);
            }

            Console.WriteLine($"load average at the end {LoadAverage()}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            Console.WriteLine($"deleted {directory}");
        }
    }

    private static async Task ImportContactsAsync(IContactStore store, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < count; start += ImportBatch)
        {
            var batch = new List<Contact>(ImportBatch);
            for (var i = start; i < Math.Min(count, start + ImportBatch); i++)
            {
                batch.Add(new Contact(
                    string.Empty,
                    ContactId(i),
                    "Contact " + i.ToString(CultureInfo.InvariantCulture),
                    "Company " + (i % 5000).ToString(CultureInfo.InvariantCulture),
                    null,
                    null,
                    [
                        new ContactPhone("work", Work(i), Work(i), Work(i)[^9..]),
                        new ContactPhone("mobile", Mobile(i), Mobile(i), Mobile(i)[^9..]),
                    ]));
            }

            await store.UpsertAsync(batch, CancellationToken.None);
        }

        Console.WriteLine($"import: {count:N0} contacts in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:N0} contacts/s " +
            $"(UpsertAsync, batches of {ImportBatch:N0}); load average {LoadAverage()}");
    }

    /// <summary>Writes contacts <paramref name="from"/> to <paramref name="to"/> as the store would (numbers and search terms).</summary>
    private static void GenerateContacts(string path, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();
        using var contact = Prepare(connection, transaction,
            "INSERT INTO contacts (id, external_id, name, company, email, crm_url, name_key, search, created_at, updated_at) " +
            "VALUES ($id, $external_id, $name, $company, NULL, NULL, $name_key, $search, $now, $now)",
            "$id", "$external_id", "$name", "$company", "$name_key", "$search", "$now");
        using var number = Prepare(connection, transaction,
            "INSERT INTO contact_numbers (contact_id, position, type, raw, e164, match_key, digits) " +
            "VALUES ($id, $position, $type, $raw, $raw, $match_key, $digits)",
            "$id", "$position", "$type", "$raw", "$match_key", "$digits");
        using var term = Prepare(connection, transaction, "INSERT INTO contact_terms (term, contact_id) VALUES ($term, $id)", "$term", "$id");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = from; i < to; i++)
        {
            var id = "g" + i.ToString(CultureInfo.InvariantCulture);
            var index = i.ToString(CultureInfo.InvariantCulture);
            var company = (i % 5000).ToString(CultureInfo.InvariantCulture);
            Run(contact, id, ContactId(i), "Contact " + index, "Company " + company, "contact " + index,
                "contact " + index + " company " + company + " " + Work(i) + " " + Mobile(i), now);
            Run(number, id, 0, "work", Work(i), Work(i)[^9..], Work(i)[1..]);
            Run(number, id, 1, "mobile", Mobile(i), Mobile(i)[^9..], Mobile(i)[1..]);
            foreach (var word in (string[])["contact", index, "company", company])
            {
                term.Parameters[0].Value = word;
                term.Parameters[1].Value = id;
                term.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        Console.WriteLine($"generation: {to - from:N0} more contacts in {watch.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}");
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The index definitions read back from the database itself.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA cache_size = -2000000; PRAGMA temp_store = MEMORY";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var k = 0; k < values.Length; k++)
        {
            command.Parameters[k].Value = values[k];
        }

        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Writes <paramref name="calls"/> finished calls spread over the contacts (every contact gets about the same number)
    /// and a year, in id order = time order, as the agent writes them.
    /// </summary>
    private static void GenerateCalls(string path, int contacts, long calls)
    {
        var watch = Stopwatch.StartNew();
        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();

        // The history's indexes are dropped for the load and built again after it, from their own definitions: the
        // same database in the end, built by sorting rather than by millions of random index insertions.
        var indexes = new List<(string Name, string Sql)>();
        using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history' AND sql IS NOT NULL";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            Execute(connection, transaction, "DROP INDEX " + name);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO history (owner, call_id, account_id, direction, remote_raw, remote_e164, remote_display_name, remote_key, " +
            "remote_digits_rev, contact_id, contact_name, contact_company, contact_crm_url, started_at, answered_at, ended_at, duration_seconds, " +
            "disposition, notes) VALUES ('bench', $call_id, 'acct', $direction, $e164, $e164, NULL, $e164, $rev, $contact_id, $contact_name, " +
            "NULL, NULL, $started_at, $answered_at, $ended_at, $duration, $disposition, NULL)";
        var callId = insert.Parameters.Add("$call_id", SqliteType.Text);
        var direction = insert.Parameters.Add("$direction", SqliteType.Text);
        var e164 = insert.Parameters.Add("$e164", SqliteType.Text);
        var rev = insert.Parameters.Add("$rev", SqliteType.Text);
        var contactId = insert.Parameters.Add("$contact_id", SqliteType.Text);
        var contactName = insert.Parameters.Add("$contact_name", SqliteType.Text);
        var startedAt = insert.Parameters.Add("$started_at", SqliteType.Integer);
        var answeredAt = insert.Parameters.Add("$answered_at", SqliteType.Integer);
        var endedAt = insert.Parameters.Add("$ended_at", SqliteType.Integer);
        var duration = insert.Parameters.Add("$duration", SqliteType.Integer);
        var disposition = insert.Parameters.Add("$disposition", SqliteType.Text);
        insert.Prepare();

        var random = new Random(5);
        var start = DateTimeOffset.UtcNow.AddDays(-365).ToUnixTimeMilliseconds();
        var step = 365L * 24 * 3600 * 1000 / calls;
        var digits = new char[20];
        for (long n = 0; n < calls; n++)
        {
            var i = random.Next(contacts);
            var known = n % 10 != 0; // one call in ten is from a number outside the directory
            var number = known ? Work(i) : "+4420" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var at = start + (n * step);
            var answered = n % 4 != 0;
            callId.Value = "g" + n.ToString(CultureInfo.InvariantCulture);
            direction.Value = (n & 1) == 0 ? "inbound" : "outbound";
            e164.Value = number;
            rev.Value = Reverse(number, digits);
            contactId.Value = known ? ContactId(i) : DBNull.Value;
            contactName.Value = known ? "Contact " + i.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
            startedAt.Value = at;
            answeredAt.Value = answered ? at + 5_000 : DBNull.Value;
            endedAt.Value = at + 65_000;
            duration.Value = answered ? 60 : 0;
            disposition.Value = answered ? "answered" : "missed";
            insert.ExecuteNonQuery();
            if ((n + 1) % 1_000_000 == 0)
            {
                Console.WriteLine($"  {n + 1:N0} calls written, {(n + 1) / watch.Elapsed.TotalSeconds:N0}/s");
            }
        }

        var loaded = watch.Elapsed;
        foreach (var (_, sql) in indexes)
        {
            Execute(connection, transaction, sql);
        }

        transaction.Commit();
        Console.WriteLine($"generation: {calls:N0} calls in {loaded.TotalSeconds:F1} s, then {indexes.Count} indexes in " +
            $"{(watch.Elapsed - loaded).TotalSeconds:F1} s; overall {watch.Elapsed.TotalSeconds:F1} s = {calls / watch.Elapsed.TotalSeconds:N0} calls/s " +
            $"(one transaction, one prepared statement); load average {LoadAverage()}");
    }

    private static async Task TimeTimelinesAsync(IHistoryStore history, int contacts)
    {
        var random = new Random(11);
        foreach (var (name, query) in new (string, Func<int, HistoryQuery>)[]
        {
            ("timeline by contact (50 newest)", i => new HistoryQuery(ContactId: ContactId(i), Limit: 50)),
            ("timeline by number (50 newest)", i => new HistoryQuery(E164: Work(i), Limit: 50)),
            ("timeline by match key (50 newest)", i => new HistoryQuery(MatchKey: Work(i)[^9..], Limit: 50)),
        })
        {
            for (var w = 0; w < 100; w++)
            {
                await history.QueryAsync(query(random.Next(contacts)), CancellationToken.None);
            }

            var times = new double[TimedQueries];
            var rows = 0L;
            for (var q = 0; q < TimedQueries; q++)
            {
                var watch = Stopwatch.StartNew();
                var page = await history.QueryAsync(query(random.Next(contacts)), CancellationToken.None);
                times[q] = watch.Elapsed.TotalMilliseconds;
                rows += page.Count;
            }

            Report(name, times, $"{rows / (double)TimedQueries:F1} rows per page");
        }
    }

    private static async Task TimeInsertsAsync(IHistoryStore history, int contacts)
    {
        var random = new Random(13);
        var times = new double[TimedInserts];
        var total = Stopwatch.StartNew();
        for (var n = 0; n < TimedInserts; n++)
        {
            var i = random.Next(contacts);
            var record = new HistoryRecord(
                0, "bench-" + n.ToString(CultureInfo.InvariantCulture), "acct", CallDirection.Inbound, new RemoteParty(Work(i), Work(i), null),
                new ContactRef(ContactId(i), "Contact " + i.ToString(CultureInfo.InvariantCulture), null, null),
                DateTimeOffset.UtcNow, null, null, 0, null, null);
            var watch = Stopwatch.StartNew();
            await history.InsertAsync(record, CancellationToken.None);
            times[n] = watch.Elapsed.TotalMilliseconds;
        }

        Report("history insert (one call, durable commit)", times, $"{TimedInserts / total.Elapsed.TotalSeconds:N0} inserts/s one after another");
    }

    private static void Report(string name, double[] times, string extra)
    {
        Array.Sort(times);
        Console.WriteLine(
            $"{name}: p50 {times[times.Length / 2]:F3} ms, p99 {times[(int)(times.Length * 0.99)]:F3} ms, max {times[^1]:F3} ms " +
            $"over {times.Length:N0}; {extra}; load average {LoadAverage()}");
    }

    private static string Work(int i) => "+331" + i.ToString("D8", CultureInfo.InvariantCulture);

    private static string Mobile(int i) => "+336" + i.ToString("D8", CultureInfo.InvariantCulture);

    private static string ContactId(int i) => "x" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number's digits, last first (the store's <c>remote_digits_rev</c> column).</summary>
    private static string Reverse(string number, char[] buffer)
    {
        var length = 0;
        for (var k = number.Length - 1; k >= 0; k--)
        {
            if (char.IsAsciiDigit(number[k]))
            {
                buffer[length++] = number[k];
            }
        }

        return new string(buffer, 0, length);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
