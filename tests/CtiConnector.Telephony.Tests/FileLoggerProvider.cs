using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony.Tests;

/// <summary>Writes every log line to a file when <c>CTI_TEST_LOG</c> names one (for chasing a failure by hand).</summary>
internal sealed class FileLoggerProvider(string path, string prefix) : ILoggerProvider
{
    private static readonly object s_gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, prefix + " " + categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (s_gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}
