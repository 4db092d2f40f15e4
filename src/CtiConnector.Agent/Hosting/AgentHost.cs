using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CtiConnector.Agent.Desktop;
using CtiConnector.Agent.Logging;
using CtiConnector.Agent.Telephony;
using CtiConnector.Api;
using CtiConnector.Api.Pipe;
using CtiConnector.Api.Plugins;
using CtiConnector.Api.Presets;
using CtiConnector.Api.Security;
using CtiConnector.Api.Ui;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.Numbers;
using CtiConnector.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Hosting;

/// <summary>
/// The composition root of <c>cti agent</c>: configuration, single-instance lock, logging, stores, telephony,
/// command layer, then the doors (HTTP API on 127.0.0.1, pipe); <c>agent.json</c> and <c>api-token</c> once all listen;
/// an orderly stop on SIGTERM/Ctrl+C (calls hung up, accounts unregistered, history flushed, files removed).
/// </summary>
public static partial class AgentHost
{
    /// <summary>Exit code: bad configuration or an unusable resource (port, database).</summary>
    public const int ExitConfiguration = 2;

    /// <summary>Exit code: another agent already runs on this data directory.</summary>
    public const int ExitAlreadyRunning = 3;

    /// <summary>The agent's version (informational, without the commit suffix).</summary>
    public static string Version { get; } =
        (typeof(AgentHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// The telephony seam: the one place the telephony layer is chosen
    /// (<see cref="SipTelephonyFactory"/>: our SIP user agent and media).
    /// </summary>
    internal static ITelephonyFactory CreateTelephonyFactory() => new SipTelephonyFactory();

    /// <summary>Runs the agent until it is asked to stop; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string dataDirectory, IReadOnlyList<string> configurationArgs, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            DataDirectory.Ensure(dataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"cti agent: the data directory {dataDirectory} cannot be created ({ex.Message}).");
            return ExitConfiguration;
        }

        using var instanceLock = InstanceLock.TryAcquire(dataDirectory);
        if (instanceLock is null)
        {
            await error.WriteLineAsync($"cti agent: another agent is already running with the data directory {dataDirectory}.");
            return ExitAlreadyRunning;
        }

        // The builder's default appsettings.json sources are replaced in Configure; without the switch they would start a
        // file watcher (a thread and an inotify instance) on the data directory for files the agent never reads.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = dataDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        AgentSettings settings;
        try
        {
            Configure(builder.Configuration, dataDirectory, configurationArgs);
            settings = AgentSettings.Load(builder.Configuration, dataDirectory);
        }
        catch (AgentConfigurationException ex)
        {
            await error.WriteLineAsync($"cti agent: {ex.Message}");
            return ExitConfiguration;
        }

        using var loggerFactory = CreateLoggerFactory(dataDirectory, builder.Configuration);
        var logger = loggerFactory.CreateLogger("CtiConnector.Agent");
        foreach (var (key, suggestion) in ConfigurationKeys.Unknown(builder.Configuration))
        {
            LogUnknownKey(logger, key, suggestion is null ? string.Empty : $" (did you mean {suggestion}?)");
        }

        try
        {
            return await RunConfiguredAsync(builder, settings, loggerFactory, logger, error, cancellationToken);
        }
        catch (AgentConfigurationException ex)
        {
            LogStartFailed(logger, ex.Message);
            await error.WriteLineAsync($"cti agent: {ex.Message}");
            return ExitConfiguration;
        }
        finally
        {
            File.Delete(Path.Combine(dataDirectory, AgentInfo.FileName));
            File.Delete(Path.Combine(dataDirectory, AgentInfo.TokenFileName));
        }
    }

    private static async Task<int> RunConfiguredAsync(
        WebApplicationBuilder builder,
        AgentSettings settings,
        ILoggerFactory loggerFactory,
        ILogger logger,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var dataDirectory = settings.DataDirectory;
        var housekeepingEnabled = MemoryHousekeeping.IsEnabled(builder.Configuration);
        StorageHandle storage;
        try
        {
            storage = await StorageFactory.OpenAsync(
                new StorageOptions { Provider = settings.StorageProvider, ConnectionString = settings.StorageConnectionString, DataDirectory = dataDirectory },
                loggerFactory.CreateLogger("CtiConnector.Storage"),
                cancellationToken);
        }
        catch (StorageException ex)
        {
            throw new AgentConfigurationException(ex.Message, ex);
        }

        await using var storageScope = storage;
        await using var plugins = await AgentPlugins.LoadAsync(
            dataDirectory, settings.DefaultCountry, builder.Configuration, loggerFactory, time, cancellationToken);
        await using var telephony = await CreateTelephonyFactory().CreateAsync(builder.Configuration, loggerFactory, time, cancellationToken);
        var normalizer = PhoneNumberNormalizer.ForCountry(settings.DefaultCountry);
        var center = new CallCenter(
            telephony.Telephony,
            storage.History,
            storage.Contacts,
            plugins.ContactSources,
            normalizer,
            ContactFileReader.ForCountry(settings.DefaultCountry, normalizer),
            new CallCenterOptions { Version = Version },
            time,
            loggerFactory);
        await using var centerScope = center;
        await center.StartAsync(cancellationToken);
        plugins.StartJournal(center, storage, loggerFactory, time);
        await telephony.StartAsync(cancellationToken);

        var apiOptions = new ApiOptions
        {
            Token = PairingRegistry.NewToken(),
            AllowedOrigins = settings.AllowedOrigins,
            PairingsFile = Path.Combine(dataDirectory, "pairings.json"),
            UiSessionsFile = Path.Combine(dataDirectory, "ui-sessions.json"),
            PipePath = PipePathFor(dataDirectory),
            AudioDevice = builder.Configuration["Audio:Device"] is { Length: > 0 } device ? device : "default",
        };
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(center);
        builder.Services.AddSingleton<IPluginCatalog>(plugins);
        builder.Services.AddSingleton<IPresetCatalog>(new AgentPresets());
        builder.Services.AddCtiApi(apiOptions);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = apiOptions.MaxImportBodyBytes;
            kestrel.Listen(IPAddress.Loopback, settings.ApiPort);
        });

        await using var app = builder.Build();
        app.MapCtiApi();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new AgentConfigurationException(
                $"Api:Port {settings.ApiPort} cannot be used on 127.0.0.1 ({ex.Message}); choose another port or stop the program using it.", ex);
        }

        await using var pipe = new PipeServer(apiOptions.PipePath!, center, loggerFactory.CreateLogger<PipeServer>(), plugins);
        try
        {
            pipe.Start();
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            throw new AgentConfigurationException($"The command pipe {apiOptions.PipePath} cannot be opened ({ex.Message}).", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = address is null ? settings.ApiPort : new Uri(address).Port;
        var apiUrl = $"http://127.0.0.1:{port}";
        AgentInfo.WriteAtomically(Path.Combine(dataDirectory, AgentInfo.TokenFileName), Encoding.UTF8.GetBytes(apiOptions.Token));
        var info = new AgentInfo(Environment.ProcessId, Version, apiUrl, apiOptions.PipePath, telephony.SipAddress, telephony.SipPort);
        AgentInfo.WriteAtomically(Path.Combine(dataDirectory, AgentInfo.FileName), JsonSerializer.SerializeToUtf8Bytes(info, AgentJsonContext.Default.AgentInfo));
        foreach (var warning in storage.Warnings)
        {
            LogStorageWarning(logger, warning);
        }

        LogReady(logger, Version, apiUrl, dataDirectory, storage.Provider, storage.Location);
        LogWebUi(logger, apiUrl);
        // Pages the desktop opens sign the browser in with a one-time link, like `cti ui`.
        var uiSessions = app.Services.GetRequiredService<UiSessions>();
        var pages = new DesktopPresence.Pages(
            dialer => UiEndpoints.SignInLink(uiSessions, apiUrl, dialer ? "/#phone" : "/"),
            callId => UiEndpoints.SignInLink(uiSessions, apiUrl, "/popup?call=" + Uri.EscapeDataString(callId)));
        await using var desktop = await DesktopPresence.StartAsync(
            builder.Configuration, center, pages, app.Lifetime.StopApplication, loggerFactory, cancellationToken);
        // Gives the garbage of idle time and API polling back to the system between calls (see MemoryHousekeeping).
        using var housekeeping = housekeepingEnabled
            ? new MemoryHousekeeping(
                new MemoryHousekeepingOptions(), () => center.GetCalls().Count > 0, new ProcessMemoryReclaimer(), time,
                loggerFactory.CreateLogger("CtiConnector.Agent.Memory"))
            : null;

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        using (cancellationToken.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        LogStopping(logger);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        File.Delete(Path.Combine(dataDirectory, AgentInfo.FileName));
        await center.StopAsync(grace.Token);
        await telephony.StopAsync(grace.Token);
        await pipe.DisposeAsync();
        await app.StopAsync(grace.Token);
        LogStopped(logger);
        return 0;
    }

    private static void Configure(ConfigurationManager configuration, string dataDirectory, IReadOnlyList<string> configurationArgs)
    {
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("DataDir", dataDirectory)]);
        try
        {
            configuration.AddJsonFile(Path.Combine(dataDirectory, "cti.json"), optional: true, reloadOnChange: false);
        }
        catch (InvalidDataException ex)
        {
            throw new AgentConfigurationException($"cti.json in {dataDirectory} is not valid JSON ({ex.InnerException?.Message ?? ex.Message}).", ex);
        }

        configuration.AddEnvironmentVariables("CTI_");
        try
        {
            configuration.AddCommandLine([.. configurationArgs]);
        }
        catch (FormatException ex)
        {
            throw new AgentConfigurationException($"A command-line setting is malformed ({ex.Message}); write settings as --Key=value.", ex);
        }
    }

    private static ILoggerFactory CreateLoggerFactory(string dataDirectory, IConfiguration configuration) =>
        LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            });
            logging.AddProvider(new RollingFileLoggerProvider(Path.Combine(dataDirectory, "logs"), TimeProvider.System));
        });

    /// <summary>Longest Unix domain socket path, in bytes (<c>sun_path</c> is 108 bytes with its terminating NUL).</summary>
    private const int MaxUnixSocketPath = 107;

    /// <summary>
    /// The pipe of an agent: <c>DATADIR/cti.sock</c> (elsewhere when that path is too long for a socket), or a
    /// per-data-directory named pipe on Windows.
    /// </summary>
    internal static string PipePathFor(string dataDirectory)
    {
        if (!OperatingSystem.IsWindows())
        {
            var path = Path.Combine(dataDirectory, "cti.sock");
            if (Encoding.UTF8.GetByteCount(path) <= MaxUnixSocketPath)
            {
                return path;
            }

            // A Unix socket path holds at most 107 bytes: a deep data directory gets its socket in the user's runtime
            // folder (private to the user) or the temporary folder, named after the data directory; agent.json says where.
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var folder = !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime) ? runtime : Path.GetTempPath();
            var hashed = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16].ToLowerInvariant();
            return Path.Combine(folder, $"cti-{hashed}.sock");
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory.ToUpperInvariant())))[..16];
        return $"cti-connector-{hash}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CTI Connector {Version} ready: API {ApiUrl}, data {DataDirectory}, {Provider} storage at {Location}")]
    private static partial void LogReady(ILogger logger, string version, string apiUrl, string dataDirectory, string provider, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web page: {ApiUrl}/ (run 'cti ui' to sign in); API: {ApiUrl}/v1 (OpenAPI at {ApiUrl}/v1/openapi.json)")]
    private static partial void LogWebUi(ILogger logger, string apiUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The setting {Key} is not one the agent knows; it is ignored{Suggestion}")]
    private static partial void LogUnknownKey(ILogger logger, string key, string suggestion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage: {Warning}")]
    private static partial void LogStorageWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: hanging up calls, unregistering, writing the history")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent cannot start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
