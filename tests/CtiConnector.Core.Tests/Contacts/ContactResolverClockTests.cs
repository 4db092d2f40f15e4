using CtiConnector.Core.Contacts;
using CtiConnector.Core.Events;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Core.Tests.Fakes;
using CtiConnector.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Core.Tests.Contacts;

/// <summary>
/// The contact lookup's time limits on an injected clock that only the test moves: the ring waits for the budget on
/// that clock and no longer, a late source's hit still arrives (as <c>call.updated</c>), and lookups still running at
/// the late limit are cancelled. Does not verify: plugin budgets (the plugin host's tests do).
/// </summary>
public sealed class ContactResolverClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly ContactRef Bob = new("crm-42", "Bob Durand", "Durand SA", "https://crm.example/42");
    private static readonly RemoteParty Caller = new("0611223344", "+33611223344", null);

    [Fact]
    public async Task ALateSourceNeverHoldsTheAnswerPastTheBudgetAndItsHitStillArrives()
    {
        var time = new ManualTimeProvider();
        var gate = new TaskCompletionSource<ContactRef?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = ScriptedContactSource.Gated("slow", gate.Task);
        var resolver = Resolver(time, TimeSpan.FromHours(1), slow);
        var lateHit = new TaskCompletionSource<ContactRef>(TaskCreationOptions.RunContinuationsAsynchronously);

        var resolving = resolver.ResolveAsync(Caller, "611223344", null, hit => lateHit.TrySetResult(hit), CancellationToken.None);
        await WaitUntilAskedAsync(slow);
        Assert.Equal(2, time.ActiveTimers); // the budget and the late limit, both on the manual clock
        Assert.False(resolving.IsCompleted, "the answer came before the budget was spent while a source was still looking");
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(resolving.IsCompleted, "the answer came before the budget was spent while a source was still looking");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var answer = await resolving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(answer);
        Assert.False(lateHit.Task.IsCompleted);
        gate.SetResult(Bob);
        Assert.Equal(Bob, await lateHit.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AHangingSourceIsCancelledAtTheLateLimitOfTheInjectedClock()
    {
        var time = new ManualTimeProvider();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken seen = default;
        var hanging = new ScriptedContactSource("stuck", async (_, ct) =>
        {
            seen = ct;
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Seen here rather than by a registration on ct: the delay's own callback can run this method on to its
                // end first, and a registration disposed in the middle of the cancellation is never called.
                cancelled.TrySetResult();
                throw;
            }

            return null;
        });
        var resolver = Resolver(time, TimeSpan.FromHours(1), hanging);
        var lateHits = 0;

        var resolving = resolver.ResolveAsync(Caller, "611223344", null, _ => lateHits++, CancellationToken.None);
        await WaitUntilAskedAsync(hanging);
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Null(await resolving.WaitAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(cancelled.Task.IsCompleted, "the lookup was cancelled before the late limit");
        Assert.False(seen.IsCancellationRequested);
        time.Advance(TimeSpan.FromMinutes(1));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, lateHits);
    }

    [Fact]
    public async Task TheIncomingCallIsAnnouncedAtTheBudgetOfTheInjectedClockAndTheLateContactComesInCallUpdated()
    {
        var time = new ManualTimeProvider();
        var gate = new TaskCompletionSource<ContactRef?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = ScriptedContactSource.Gated("slow", gate.Task);
        await using var f = await CallCenterFixture.StartAsync([slow], time: time);

        f.Telephony.Raise(new CallStarted(T0, "late", null, CallDirection.Inbound, "0611223344", "sip:x@y", null));
        await WaitUntilAskedAsync(slow);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var incoming = await f.NextCallEventAsync(EventTypes.CallIncoming);
        gate.SetResult(Bob);
        var updated = await f.NextCallEventAsync(EventTypes.CallUpdated);

        Assert.Null(incoming.Call.Contact);
        Assert.Equal("crm-42", updated.Call.Contact?.Id);
    }

    private static ContactResolver Resolver(TimeProvider time, TimeSpan lateLimit, params IContactSource[] sources) =>
        new(new InMemoryContactStore(), sources, new ContactResolverOptions { Budget = TimeSpan.FromMilliseconds(300), LateLimit = lateLimit },
            time, NullLogger<ContactResolver>.Instance);

    /// <summary>Waits (on the real clock, generously) until the resolver asked <paramref name="source"/>: its timers are armed by then.</summary>
    private static async Task WaitUntilAskedAsync(ScriptedContactSource source)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (source.Calls == 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
