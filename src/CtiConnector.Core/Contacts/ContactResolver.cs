using CtiConnector.Core.Model;
using CtiConnector.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Core.Contacts;

/// <summary>
/// Finds who a call is with (and, for the contacts lookup, whose a number is): the local directory first, then the
/// <see cref="IContactSource"/>s in order, within a time budget. The first hit in source order wins among the answers in time; once the budget is spent the caller
/// gets null and a later hit is reported through a callback (the command layer turns it into <c>call.updated</c>).
/// A source that throws counts as a miss; one that hangs is cancelled after <see cref="ContactResolverOptions.LateLimit"/>.
/// </summary>
public sealed partial class ContactResolver
{
    /// <summary>The <see cref="ContactMatch.Source"/> of a hit in the local directory.</summary>
    public const string DirectorySource = "directory";

    private readonly IContactStore _store;
    private readonly IContactSource[] _sources;
    private readonly ContactResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ContactResolver> _logger;

    public ContactResolver(
        IContactStore store,
        IEnumerable<IContactSource> sources,
        ContactResolverOptions options,
        TimeProvider time,
        ILogger<ContactResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _store = store;
        _sources = [.. sources];
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Converts a directory contact into the reference carried by calls and history.</summary>
    public static ContactRef ToRef(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new ContactRef(contact.Id, contact.Name, contact.Company, contact.CrmUrl);
    }

    /// <summary>
    /// Resolves the contact of <paramref name="remote"/> (or the directory contact <paramref name="contactId"/> when
    /// given and found). Returns within the budget; <paramref name="onLateHit"/> receives a hit that arrives later.
    /// </summary>
    public async Task<ContactRef?> ResolveAsync(
        RemoteParty remote,
        string? matchKey,
        string? contactId,
        Action<ContactRef>? onLateHit,
        CancellationToken cancellationToken)
    {
        var match = await MatchAsync(remote, matchKey, contactId, onLateHit is null ? null : late => onLateHit(late.Contact), cancellationToken)
            .ConfigureAwait(false);
        return match?.Contact;
    }

    /// <summary>
    /// Finds the contact of <paramref name="remote"/> as <see cref="ResolveAsync"/> does for a call (directory, then the
    /// sources in order, within the same budget), and says where it was found. A hit arriving after the budget is dropped.
    /// </summary>
    public Task<ContactMatch?> FindAsync(RemoteParty remote, string? matchKey, CancellationToken cancellationToken) =>
        MatchAsync(remote, matchKey, null, null, cancellationToken);

    private async Task<ContactMatch?> MatchAsync(
        RemoteParty remote,
        string? matchKey,
        string? contactId,
        Action<ContactMatch>? onLateHit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        // Both limits run on the injected clock: the ring budget and the late limit after which lookups are cancelled.
        var late = new LateLookups(_options.LateLimit, _time, cancellationToken);
        var handedOff = false;
        try
        {
            var budget = Task.Delay(_options.Budget, _time, cancellationToken);
            var local = LookupLocalAsync(remote, matchKey, contactId, late.Token);
            await Task.WhenAny(local, budget).ConfigureAwait(false);
            if (local.IsCompleted && local.Result is { } localHit)
            {
                return localHit;
            }

            if (_sources.Length == 0 && local.IsCompleted)
            {
                return null;
            }

            var tasks = new Task<ContactMatch?>[_sources.Length + 1];
            tasks[0] = local;
            for (var i = 0; i < _sources.Length; i++)
            {
                tasks[i + 1] = LookupSourceAsync(_sources[i], remote, late.Token);
            }

            while (true)
            {
                var decided = FirstDecidedHit(tasks, out var allDone);
                if (decided is not null || allDone)
                {
                    return decided;
                }

                if (budget.IsCompleted)
                {
                    break;
                }

                await Task.WhenAny([.. tasks.Where(t => !t.IsCompleted), budget]).ConfigureAwait(false);
            }

            // Budget spent: any answer already in wins, in source order.
            foreach (var task in tasks)
            {
                if (task.IsCompletedSuccessfully && task.Result is { } hit)
                {
                    return hit;
                }
            }

            if (onLateHit is not null)
            {
                handedOff = true;
                _ = WaitLateAsync(tasks, onLateHit, late);
            }

            return null;
        }
        finally
        {
            if (!handedOff)
            {
                await late.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ContactMatch? FirstDecidedHit(Task<ContactMatch?>[] tasks, out bool allDone)
    {
        allDone = true;
        var blocked = false;
        foreach (var task in tasks)
        {
            if (!task.IsCompleted)
            {
                allDone = false;
                blocked = true;
                continue;
            }

            if (!blocked && task.Result is { } hit)
            {
                allDone = false;
                return hit;
            }
        }

        return null;
    }

    private async Task WaitLateAsync(Task<ContactMatch?>[] tasks, Action<ContactMatch> onLateHit, LateLookups late)
    {
        try
        {
            var pending = tasks.Where(t => !t.IsCompleted).ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                if (done.Result is { } hit)
                {
                    onLateHit(hit);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogLateHitFailed(ex);
        }
        finally
        {
            await late.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ContactMatch?> LookupLocalAsync(RemoteParty remote, string? matchKey, string? contactId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            if (contactId is not null && await _store.GetAsync(contactId, cancellationToken).ConfigureAwait(false) is { } byId)
            {
                return new ContactMatch(ToRef(byId), DirectorySource, byId);
            }

            if (remote.E164 is null && matchKey is null)
            {
                return null;
            }

            var contact = await _store.FindByNumberAsync(remote.E164, matchKey, cancellationToken).ConfigureAwait(false);
            return contact is null ? null : new ContactMatch(ToRef(contact), DirectorySource, contact);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSourceFailed(DirectorySource, ex);
            return null;
        }
    }

    private async Task<ContactMatch?> LookupSourceAsync(IContactSource source, RemoteParty remote, CancellationToken cancellationToken)
    {
        // Never let a source run on the caller's thread: a synchronous hang must not block the ring.
        await Task.Yield();
        try
        {
            var contact = await source.LookupAsync(remote, cancellationToken).ConfigureAwait(false);
            return contact is null ? null : new ContactMatch(contact, source.Name, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSourceFailed(source.Name, ex);
            return null;
        }
    }

    /// <summary>
    /// The cancellation of one resolution's lookups: at the late limit on the injected clock, when the caller cancels,
    /// or when the resolution is done with them (disposal cancels, then releases the timer and the registration).
    /// </summary>
    private sealed class LateLookups : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly CancellationTokenRegistration _caller;

        public LateLookups(TimeSpan limit, TimeProvider time, CancellationToken callerToken)
        {
            _cts = new CancellationTokenSource(limit, time);
            _caller = callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cts);
        }

        public CancellationToken Token => _cts.Token;

        public async ValueTask DisposeAsync()
        {
            await _caller.DisposeAsync().ConfigureAwait(false);
            await _cts.CancelAsync().ConfigureAwait(false);
            _cts.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact source {Source} failed; counted as a miss")]
    private partial void LogSourceFailed(string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A late contact hit could not be applied")]
    private partial void LogLateHitFailed(Exception exception);
}
