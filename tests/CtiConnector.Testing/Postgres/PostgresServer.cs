using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CtiConnector.Testing.Postgres;

/// <summary>
/// A private PostgreSQL server for tests: a fresh cluster in a temporary folder (<c>initdb -A trust -U cti</c>),
/// listening on 127.0.0.1 on a free port and on a Unix socket in that folder; stopped (<c>pg_ctl -w stop</c>) and
/// removed on dispose. As root, the server runs as the <c>postgres</c> user (it refuses to run as root).
/// Missing server binaries are an error, never a silent skip: install them with <c>scripts/install-test-peers.sh</c>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser created by initdb (trust authentication on loopback).</summary>
    public const string User = "cti";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private bool _stopped;

    private PostgresServer(string binDirectory, string directory, int port, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        Directory = directory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The temporary folder holding the cluster (<c>data/</c>), the log (<c>log</c>) and the socket.</summary>
    public string Directory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string (Npgsql syntax) for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Database={database}";

    /// <summary>Finds the server binaries: <c>CTI_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/N/bin</c> (15 preferred).</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("CTI_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(root))
        {
            return null;
        }

        var candidates = System.IO.Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => d.Contains("/15/", StringComparison.Ordinal))
            .ThenByDescending(d => d, StringComparer.Ordinal)
            .ToList();
        return candidates.Count == 0 ? null : candidates[0];
    }

    /// <summary>Creates and starts a server; throws with instructions when PostgreSQL is not installed.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or CTI_PG_BIN. " +
            "Install them with scripts/install-test-peers.sh (apt-get install postgresql). The PostgreSQL tests are never skipped.");
        var asPostgres = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), "cti-pg-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        if (asPostgres)
        {
            await RunAsync("chown", ["postgres:postgres", directory], cancellationToken).ConfigureAwait(false);
        }

        var server = new PostgresServer(bin, directory, 0, asPostgres);
        await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", User, "-E", "UTF8", "--no-sync"], cancellationToken)
            .ConfigureAwait(false);

        // A free port can be taken by someone else between the probe and the start: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var started = new PostgresServer(bin, directory, FreePort(), asPostgres);
            try
            {
                await started.RunToolAsync(
                    "pg_ctl",
                    [
                        "-D", started.DataDirectory, "-l", Path.Combine(directory, "log"), "-w", "-t", "60",
                        "-o", $"-p {started.Port.ToString(CultureInfo.InvariantCulture)} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off",
                        "start",
                    ],
                    cancellationToken).ConfigureAwait(false);
                return started;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await RunToolAsync(
            "createdb",
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name],
            cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>The server log, for failure messages.</summary>
    public string ReadLog()
    {
        var path = Path.Combine(Directory, "log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string DataDirectory => Path.Combine(Directory, "data");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
