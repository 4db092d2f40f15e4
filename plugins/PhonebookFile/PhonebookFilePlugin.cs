using CtiConnector.Contacts;
using CtiConnector.PhoneNumbers;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins.PhonebookFile;

/// <summary>
/// A shared phonebook file (CSV with a header row, as PhonerLite and most phones export, or vCard) as a contact
/// source. The file is watched and read again after a quiet <c>DebounceMs</c>; a new version that cannot be read,
/// is empty, or gives no contact while reporting bad lines is refused and the previous contacts stay in use, so a
/// half-written or damaged save never empties the screen pop. A file missing at start gives an empty phonebook
/// until it appears.
/// </summary>
public sealed partial class PhonebookFilePlugin : ICtiPlugin, IContactLookup
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private PhonebookOptions _options = null!;
    private PhoneNumberParser _parser = null!;
    private ContactReader _reader = null!;
    private ILogger _logger = null!;
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private volatile Phonebook _phonebook = Phonebook.Empty;
    private int _reloads;

    /// <summary>Creates the plugin (the agent calls this constructor).</summary>
    public PhonebookFilePlugin()
        : this(TimeProvider.System)
    {
    }

    internal PhonebookFilePlugin(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Contacts currently in use.</summary>
    internal int Contacts => _phonebook.Contacts;

    /// <summary>Reads attempted since start (accepted or refused); tests wait on it.</summary>
    internal int Reloads => Volatile.Read(ref _reloads);

    /// <inheritdoc />
    public async Task InitializeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = PhonebookOptions.Read(context.Configuration, context.DataDirectory);
        _logger = context.Logger;
        _parser = string.IsNullOrWhiteSpace(context.DefaultCountry)
            ? new PhoneNumberParser()
            : new PhoneNumberParser(new PhoneNumberOptions { DefaultCountry = context.DefaultCountry });
        _reader = new ContactReader(new ContactReaderOptions { NumberParser = _parser });
        var directory = Path.GetDirectoryName(_options.Path)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"the phonebook's folder {directory} does not exist");
        }

        if (File.Exists(_options.Path))
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            LogMissing(_options.Path);
        }

        _debounce = _time.CreateTimer(_ => _ = ReloadInBackgroundAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(_options.Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnChanged;
        _watcher.Created += OnChanged;
        _watcher.Renamed += OnChanged;
        _watcher.Error += OnWatcherError;
        _watcher.EnableRaisingEvents = true;
    }

    /// <inheritdoc />
    public Task<PluginContact?> LookupAsync(PhoneNumberQuery number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        var phonebook = _phonebook;
        var contact = phonebook.Find(number.E164) ?? phonebook.Find(Phonebook.Key(_parser, number.Raw));
        return Task.FromResult(contact);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _watcher?.Dispose();
        if (_debounce is not null)
        {
            await _debounce.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the file and swaps the contacts in, unless the new version is broken (then the old ones stay).
    /// Returns whether the new version was taken.
    /// </summary>
    internal async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(_options.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogRefused(_options.Path, $"it could not be read ({ex.Message})", _phonebook.Contacts);
                return false;
            }

            if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            {
                LogRefused(_options.Path, "it is empty (being written?)", _phonebook.Contacts);
                return false;
            }

            var result = _reader.Read(bytes, _options.Format);
            if (result.Cards.Count == 0 && result.Errors.Count > 0)
            {
                LogRefused(_options.Path, $"no contact could be read ({result.Errors[0]})", _phonebook.Contacts);
                return false;
            }

            var phonebook = Phonebook.Build(result.Cards, _parser);
            _phonebook = phonebook;
            if (result.Errors.Count > 0)
            {
                LogBadLines(_options.Path, result.Errors.Count, result.Errors[0].ToString());
            }

            LogLoaded(_options.Path, phonebook.Contacts, phonebook.Numbers);
            return true;
        }
        finally
        {
            Interlocked.Increment(ref _reloads);
            _reloading.Release();
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (e is RenamedEventArgs renamed && !string.Equals(renamed.FullPath, _options.Path, StringComparison.Ordinal))
        {
            return; // renamed away: keep what we have
        }

        try
        {
            _debounce?.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        LogWatcherError(_options.Path, e.GetException());
        OnChanged(sender, new FileSystemEventArgs(WatcherChangeTypes.Changed, Path.GetDirectoryName(_options.Path)!, Path.GetFileName(_options.Path)));
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await ReloadAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReloadFailed(_options.Path, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Phonebook {Path}: {Contacts} contacts, {Numbers} numbers")]
    private partial void LogLoaded(string path, int contacts, int numbers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Phonebook {Path} not taken because {Reason}; keeping the {Contacts} contacts read before")]
    private partial void LogRefused(string path, string reason, int contacts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Phonebook {Path}: {Count} bad lines skipped, first: {First}")]
    private partial void LogBadLines(string path, int count, string first);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Phonebook {Path} does not exist yet; empty until it appears")]
    private partial void LogMissing(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching phonebook {Path} failed; reading it again")]
    private partial void LogWatcherError(string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading phonebook {Path} failed")]
    private partial void LogReloadFailed(string path, Exception exception);
}
