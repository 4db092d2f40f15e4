using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Logging;

/// <summary>
/// Logs to <c>DATADIR/logs/cti-YYYYMMDD.log</c>, one file per day, rolled over at <see cref="MaxFileBytes"/>
/// (<c>cti-YYYYMMDD.1.log</c>...), files older than <see cref="KeepDays"/> days deleted. Lines are written by one
/// background task, so logging never blocks on the disk.
/// </summary>
public sealed class RollingFileLoggerProvider : ILoggerProvider
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int KeepDays = 7;

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Task _writer;

    public RollingFileLoggerProvider(string directory, TimeProvider time)
    {
        _directory = directory;
        _time = time;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        DeleteOldFiles();
        _writer = Task.Run(WriteAsync);
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(2));
    }

    private void Enqueue(string line) => _lines.Writer.TryWrite(line);

    private async Task WriteAsync()
    {
        StreamWriter? writer = null;
        string? day = null;
        var part = 0;
        try
        {
            while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    var today = _time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                    if (writer is null || today != day || writer.BaseStream.Length > MaxFileBytes)
                    {
                        part = today == day ? part + 1 : 0;
                        day = today;
                        if (writer is not null)
                        {
                            await writer.DisposeAsync().ConfigureAwait(false);
                        }

                        writer = Open(today, ref part);
                    }

                    await writer.WriteLineAsync(line).ConfigureAwait(false);
                }

                if (writer is not null)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
            // The disk is full or the folder went away: logging stops, the agent does not.
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private StreamWriter Open(string day, ref int part)
    {
        while (true)
        {
            var name = part == 0 ? $"cti-{day}.log" : $"cti-{day}.{part}.log";
            var path = Path.Combine(_directory, name);
            if (!File.Exists(path) || new FileInfo(path).Length < MaxFileBytes)
            {
                var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                return new StreamWriter(new FileStream(path, options), new UTF8Encoding(false));
            }

            part++;
        }
    }

    private void DeleteOldFiles()
    {
        var limit = _time.GetUtcNow().UtcDateTime.AddDays(-KeepDays);
        foreach (var file in Directory.EnumerateFiles(_directory, "cti-*.log"))
        {
            if (File.GetLastWriteTimeUtc(file) < limit)
            {
                File.Delete(file);
            }
        }
    }

    private sealed class FileLogger(RollingFileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var line = new StringBuilder()
                .Append(provider._time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append(' ').Append(Level(logLevel)).Append(' ').Append(category).Append(": ")
                .Append(formatter(state, exception));
            if (exception is not null)
            {
                line.Append(Environment.NewLine).Append(exception);
            }

            provider.Enqueue(line.ToString());
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
