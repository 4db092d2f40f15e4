using CtiConnector.Core.Contacts;
using CtiConnector.Core.Model;
using CtiConnector.PhoneNumbers;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins.Host;

/// <summary>
/// A plugin's <see cref="IContactLookup"/> as a Core <see cref="IContactSource"/>: each call runs off the caller's
/// thread within <see cref="PluginHostOptions.LookupBudget"/>; an exception or an overrun is logged, counted and
/// answered as a miss, and after <see cref="PluginHostOptions.MaxConsecutiveFailures"/> in a row the plugin's
/// lookups are disabled (the registry shows why). Until one lookup has answered in time, lookups get the larger
/// <see cref="PluginHostOptions.FirstLookupBudget"/> (the first call compiles the plugin). Every <see cref="PluginHostOptions.DisabledRetryAfter"/> one lookup
/// goes through as a probe, and an answer re-enables the plugin.
/// </summary>
internal sealed partial class PluginContactSource : IContactSource
{
    private readonly LoadedPlugin _plugin;
    private readonly IContactLookup _lookup;
    private readonly PhoneNumberParser _parser;
    private readonly PluginHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PluginContactSource(LoadedPlugin plugin, IContactLookup lookup, PhoneNumberParser parser, PluginHostOptions options, TimeProvider time, ILogger logger)
    {
        _plugin = plugin;
        _lookup = lookup;
        _parser = parser;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Name => _plugin.Id;

    public async Task<ContactRef?> LookupAsync(RemoteParty remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var now = _time.GetUtcNow();
        if (!_plugin.TryEnter(now, NextRetry(now)))
        {
            return null;
        }

        var query = ToQuery(remote);
        // A cold plugin (never answered yet) is still being compiled and connected: its first calls get the larger
        // budget, so the warm-up is not counted against it.
        var limit = _plugin.HasAnswered ? _options.LookupBudget : Max(_options.LookupBudget, _options.FirstLookupBudget);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limit);
        try
        {
            // Off the caller's thread, and awaited with the budget: a plugin that blocks or ignores its token costs
            // its own answer only.
            var lookup = Task.Run(() => _lookup.LookupAsync(query, budget.Token), budget.Token);
            var contact = await lookup.WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);
            if (_plugin.RecordSuccess())
            {
                LogReenabled(_plugin.Id);
            }

            return contact is null || string.IsNullOrWhiteSpace(contact.Name)
                ? null
                : new ContactRef(string.IsNullOrEmpty(contact.Id) ? query.E164 ?? query.Raw : contact.Id, contact.Name, contact.Company, contact.CrmUrl);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // the caller gave up (budget of the resolver, call ended): not the plugin's fault
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Fail($"lookup took longer than {limit.TotalMilliseconds:0} ms", null);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail($"lookup threw {ex.GetType().Name}: {ex.Message}", ex);
            return null;
        }
    }

    /// <summary>The plugin's view of <paramref name="remote"/>: raw, E.164 and national forms.</summary>
    internal PhoneNumberQuery ToQuery(RemoteParty remote)
    {
        string? national = null;
        var e164 = remote.E164;
        try
        {
            var parsed = _parser.Parse(remote.E164 ?? remote.Raw);
            if (parsed.HasE164)
            {
                e164 ??= parsed.E164;
                national = parsed.ToNational();
            }
        }
        catch (ArgumentException)
        {
            // Not a number (a SIP name, oversized input): raw only.
        }

        return new PhoneNumberQuery(remote.Raw, e164, national, remote.DisplayName);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    private DateTimeOffset NextRetry(DateTimeOffset now) =>
        _options.DisabledRetryAfter < TimeSpan.Zero ? DateTimeOffset.MaxValue : now + _options.DisabledRetryAfter;

    private void Fail(string reason, Exception? exception)
    {
        LogLookupFailed(_plugin.Id, reason, exception);
        if (_plugin.RecordFailure(_options.MaxConsecutiveFailures, reason, NextRetry(_time.GetUtcNow())))
        {
            LogDisabled(_plugin.Id, _options.MaxConsecutiveFailures, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {PluginId}: {Reason}; counted as a miss")]
    private partial void LogLookupFailed(string pluginId, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plugin {PluginId} disabled for lookups after {Count} failures in a row; last: {Reason}")]
    private partial void LogDisabled(string pluginId, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {PluginId} answered again: lookups re-enabled")]
    private partial void LogReenabled(string pluginId);
}
