using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CtiConnector.Installer.Tests.Support;

/// <summary>
/// A temporary user: its own HOME, XDG_DATA_HOME, XDG_CONFIG_HOME and install prefix, so the installer
/// never sees the real ones. Agents started here are stopped by PID when the sandbox is disposed.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private readonly List<AgentProcess> _agents = [];

    public Sandbox()
    {
        Root = Directory.CreateTempSubdirectory("cti-installer-home-").FullName;
        Home = Path.Combine(Root, "home");
        DataHome = Path.Combine(Home, ".local", "share");
        ConfigHome = Path.Combine(Home, ".config");
        Prefix = Path.Combine(Root, "prefix");
        Directory.CreateDirectory(Home);
    }

    public string Root { get; }
    public string Home { get; }
    public string DataHome { get; }
    public string ConfigHome { get; }
    public string Prefix { get; }

    /// <summary>The agent's default data folder for this user.</summary>
    public string DataDir => Path.Combine(DataHome, "cti-connector");
    public string AppDir => Path.Combine(Prefix, "lib", "cti-connector");
    public string Command => Path.Combine(Prefix, "bin", "cti");
    public string DesktopFile => Path.Combine(DataHome, "applications", "cti-connector.desktop");
    public string AutostartFile => Path.Combine(ConfigHome, "autostart", "cti-connector.desktop");

    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["HOME"] = Home,
        ["XDG_DATA_HOME"] = DataHome,
        ["XDG_CONFIG_HOME"] = ConfigHome,
        ["XDG_DATA_DIRS"] = null,
        ["XDG_CONFIG_DIRS"] = null,
    };

    /// <summary>Runs installer/linux/<paramref name="script"/> as this user.</summary>
    public CommandResult RunScript(string script, params string[] args) =>
        Shell.Run(Path.Combine(Shell.RepositoryRoot, "installer", "linux", script), args, Environment, TimeSpan.FromMinutes(2));

    /// <summary>Installs the given publish folder under this sandbox's prefix; fails the test on a non-zero exit.</summary>
    public CommandResult Install(string publishFolder, params string[] extra)
    {
        var result = RunScript("install.sh", ["--prefix", Prefix, "--from", publishFolder, .. extra]);
        Assert.True(result.ExitCode == 0, "install.sh failed:\n" + result.Output);
        return result;
    }

    /// <summary>Starts the installed <c>cti agent</c> on free ports with the default data folder and waits until it is ready.</summary>
    public async Task<AgentProcess> StartAgentAsync()
    {
        var info = Path.Combine(DataDir, "agent.json");
        if (File.Exists(info)) File.Delete(info);
        var psi = new ProcessStartInfo(Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Home,
        };
        foreach (var a in new[] { "agent", "--data-dir", DataDir, "--Api:Port=0", "--Sip:Port=0" })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in Environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var agent = new AgentProcess(Process.Start(psi)!, DataDir);
        _agents.Add(agent);
        await agent.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        return agent;
    }

    public void Dispose()
    {
        foreach (var agent in _agents) agent.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>An agent started by a test: its process, the API it announced in agent.json, and its token.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly StringBuilder _output = new();
    private HttpClient? _http;

    internal AgentProcess(Process process, string dataDir)
    {
        _process = process;
        _dataDir = dataDir;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? AnnouncedPid { get; private set; }
    public Uri ApiUrl { get; private set; } = null!;

    public string Output { get { lock (_output) return _output.ToString(); } }

    internal async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var info = Path.Combine(_dataDir, "agent.json");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The agent exited with {_process.ExitCode} before it was ready:\n{Output}");
            if (File.Exists(info))
            {
                try
                {
                    using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(info));
                    ApiUrl = new Uri(doc.RootElement.GetProperty("apiUrl").GetString()!);
                    AnnouncedPid = doc.RootElement.GetProperty("pid").GetInt32();
                    var token = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "api-token"))).Trim();
                    _http = new HttpClient { BaseAddress = ApiUrl, Timeout = TimeSpan.FromSeconds(15) };
                    _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return;
                }
                catch (JsonException) { } // being written
                catch (IOException) { }
                catch (KeyNotFoundException) { }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"agent.json did not appear within {timeout}:\n{Output}");
    }

    /// <summary>An authenticated client for the agent's API.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The agent is not ready");

    /// <summary>Sends SIGTERM and waits for the process to end; returns whether it ended in time.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (!_process.HasExited) Shell.Terminate(_process.Id);
        return WaitForExit(timeout);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        _http?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                Shell.Terminate(_process.Id);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                    _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
