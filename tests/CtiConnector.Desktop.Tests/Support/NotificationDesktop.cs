using System.Diagnostics;
using System.Text;
using CtiConnector.Testing.Peers;

namespace CtiConnector.Desktop.Tests.Support;

/// <summary>
/// A private desktop session: its own D-Bus session bus (<c>dbus-daemon</c>), an X server (<c>Xvfb</c>) and a real
/// notification daemon (<c>dunst</c>) whose rule runs a script recording every notification it shows, and whose
/// context menu (<c>dunstctl context</c>) is answered by a script choosing the action named in <see cref="ChooseActionAsync"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NotificationDesktop : IAsyncDisposable
{
    private readonly string _folder;
    private readonly List<PeerProcess> _processes;

    private NotificationDesktop(string folder, string busAddress, string display, List<PeerProcess> processes)
    {
        _folder = folder;
        BusAddress = busAddress;
        Display = display;
        _processes = processes;
    }

    /// <summary>The private bus (<c>unix:path=...</c>).</summary>
    public string BusAddress { get; }

    /// <summary>The X display (<c>:N</c>).</summary>
    public string Display { get; }

    private string ShownFile => Path.Combine(_folder, "shown.txt");

    private string ChoiceFile => Path.Combine(_folder, "choice.txt");

    public static async Task<NotificationDesktop> StartAsync()
    {
        var dbus = PeerBinary.Require("dbus-daemon", "dbus-daemon");
        var xvfb = PeerBinary.Require("Xvfb", "xvfb");
        var dunst = PeerBinary.Require("dunst", "dunst");
        PeerBinary.Require("dunstctl", "dunst");
        var folder = Directory.CreateTempSubdirectory("cti-desktop-").FullName;
        var processes = new List<PeerProcess>();
        try
        {
            var socket = Path.Combine(folder, "bus");
            var bus = PeerProcess.Start(dbus, ["--session", "--address=unix:path=" + socket, "--nofork", "--nopidfile", "--print-address=1"]);
            processes.Add(bus);
            if (!await bus.WaitForLineAsync(line => line.StartsWith("unix:", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException("dbus-daemon did not start: " + string.Join('\n', bus.Lines));
            }

            var display = await StartXvfbAsync(xvfb, processes);
            var record = Path.Combine(folder, "record.sh");
            await File.WriteAllTextAsync(record, $$"""
                #!/bin/sh
                printf 'id=%s\nsummary=%s\nurgency=%s\nbody=%s\n--end--\n' "$DUNST_ID" "$DUNST_SUMMARY" "$DUNST_URGENCY" "$DUNST_BODY" >> '{{folder}}/shown.txt'
                """.ReplaceLineEndings("\n"));
            var pick = Path.Combine(folder, "pick.sh");
            await File.WriteAllTextAsync(pick, $$"""
                #!/bin/sh
                cat > '{{folder}}/menu.txt'
                grep -m1 -F "#$(cat '{{folder}}/choice.txt') " '{{folder}}/menu.txt'
                """.ReplaceLineEndings("\n"));
            File.SetUnixFileMode(record, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(pick, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var config = Path.Combine(folder, "dunstrc");
            await File.WriteAllTextAsync(config, $$"""
                [global]
                    dmenu = {{pick}}
                    browser = /bin/true
                [record]
                    summary = "*"
                    script = {{record}}
                """);
            var environment = new Dictionary<string, string> { ["DISPLAY"] = display, ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + socket };
            processes.Add(PeerProcess.Start(dunst, ["-config", config], environment: environment));
            var desktop = new NotificationDesktop(folder, "unix:path=" + socket, display, processes);
            await desktop.WaitUntilReadyAsync();
            return desktop;
        }
        catch
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>The next <c>dunstctl context</c> picks the action with this label (e.g. <c>Answer</c>).</summary>
    public Task ChooseActionAsync(string label) => File.WriteAllTextAsync(ChoiceFile, label);

    /// <summary>Opens dunst's context menu on the shown notifications (the pick script chooses the action).</summary>
    public Task<(int ExitCode, string Output)> OpenContextMenuAsync() => DunstctlAsync("context");

    /// <summary>Clicks the latest notification (its <c>default</c> action).</summary>
    public Task<(int ExitCode, string Output)> ClickAsync() => DunstctlAsync("action", "0");

    /// <summary>How many notifications dunst is displaying.</summary>
    public async Task<int> DisplayedCountAsync()
    {
        var (code, output) = await DunstctlAsync("count", "displayed");
        return code == 0 && int.TryParse(output.Trim(), out var count) ? count : -1;
    }

    /// <summary>Every notification dunst has shown so far, in order.</summary>
    public IReadOnlyList<ShownNotification> Shown()
    {
        if (!File.Exists(ShownFile))
        {
            return [];
        }

        var shown = new List<ShownNotification>();
        foreach (var block in File.ReadAllText(ShownFile).Split("--end--\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string Field(string name)
            {
                var start = block.IndexOf(name + "=", StringComparison.Ordinal);
                if (start < 0)
                {
                    return string.Empty;
                }

                start += name.Length + 1;
                var end = name == "body" ? block.Length : block.IndexOf('\n', start);
                return block[start..end].TrimEnd('\n');
            }

            shown.Add(new ShownNotification(Field("id"), Field("summary"), Field("body"), Field("urgency")));
        }

        return shown;
    }

    /// <summary>Waits until a shown notification matches; fails with what was shown when none does within a minute.</summary>
    public async Task<ShownNotification> WaitForShownAsync(Func<ShownNotification, bool> match)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var found = Shown().FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching notification was shown; shown: " + string.Join(" | ", Shown()));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if ((await DunstctlAsync("is-paused")).ExitCode == 0)
            {
                return;
            }

            if (_processes[^1].HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("dunst did not come up: " + string.Join('\n', _processes[^1].Lines));
    }

    private async Task<(int ExitCode, string Output)> DunstctlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dunstctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DBUS_SESSION_BUS_ADDRESS"] = BusAddress;
        info.Environment["DISPLAY"] = Display;
        using var process = Process.Start(info)!;
        var output = new StringBuilder(await process.StandardOutput.ReadToEndAsync());
        output.Append(await process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output.ToString());
    }

    private static async Task<string> StartXvfbAsync(string xvfb, List<PeerProcess> processes)
    {
        for (var number = 90 + Random.Shared.Next(0, 100); ; number++)
        {
            if (File.Exists($"/tmp/.X11-unix/X{number}") || File.Exists($"/tmp/.X{number}-lock"))
            {
                continue;
            }

            var server = PeerProcess.Start(xvfb, [$":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"]);
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited && !File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                await Task.Delay(50);
            }

            if (!server.HasExited && File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                processes.Add(server);
                return $":{number}";
            }

            await server.DisposeAsync();
            if (number > 400)
            {
                throw new InvalidOperationException("Xvfb did not start on any display.");
            }
        }
    }
}

/// <summary>A notification as dunst showed it.</summary>
public sealed record ShownNotification(string Id, string Summary, string Body, string Urgency);
