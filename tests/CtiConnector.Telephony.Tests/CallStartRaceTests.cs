using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Media;
using CtiConnector.Sip.Stun;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// The ring of an incoming call and its answer come from different threads: the CRM hears of the call (CallStarted)
/// and may answer it before the INVITE's handler has started the ring tone. Two real telephony instances on
/// loopback; the answering side's media is the real one, wrapped to record the tones asked of it and to answer the call
/// at the worst moment, just as the ring is about to start.
/// Verifies: the call is answered; the answer's stop of the ring comes after the ring's start, never before it, so no
/// ring plays over the conversation. And the other early moment: an outgoing call hung up while it is being prepared
/// (before its INVITE) ends cancelled, and no INVITE leaves.
/// Does not verify: the audio itself (the WAV device tests and the baresip tests record it).
/// </summary>
public sealed class CallStartRaceTests
{
    [Fact]
    public async Task AnAnswerThatOvertakesTheRingLeavesNoRingPlaying()
    {
        TelephonyHarness? callee = null;
        TonesWatched? watched = null;
        CallAnswered? answeredEarly = null;
        await using var caller = await TelephonyHarness.StartAsync();
        callee = await TelephonyHarness.StartAsync(configure: null, loggerFactory: null, real => new WatchingFactory(real, media =>
        {
            watched = media;
            media.BeforeFirstRing = () =>
            {
                // The CRM answers now. With the ring and the answer serialised, the answer waits for the ring to be
                // started (the bounded wait lets it go on); without, the answer and the caller's ACK both get through
                // first and the ring starts after them.
                var started = callee!.Next<CallStarted>();
                _ = Task.Run(() => callee.Telephony.AnswerAsync(started.CallId, CancellationToken.None));
                answeredEarly = callee.TryNext<CallAnswered>(seconds: 3);
            };
        }));
        await using (callee)
        {
            await caller.Telephony.DialAsync(new DialRequest("race-1", $"sip:agent@127.0.0.1:{callee.Telephony.SipPort}", null), CancellationToken.None);

            Assert.Equal("race-1", caller.Next<CallAnswered>().CallId);
            var answered = answeredEarly ?? callee.Next<CallAnswered>();
            Assert.NotNull(watched);
            var asked = watched.Asked;

            // The ring went through before the answer stopped it, and nothing started it again: a ring asked for after
            // the answer's stop would play over the conversation (until the ACK, or for good when the two raced inside
            // the media).
            Assert.Equal(LocalTone.Ring, asked[0]);
            var stopped = asked.ToList().IndexOf(LocalTone.None);
            Assert.True(stopped > 0, $"The ring was never stopped: {string.Join(", ", asked)}");
            Assert.DoesNotContain(LocalTone.Ring, asked.Skip(stopped));

            await caller.Telephony.HangupAsync("race-1", CancellationToken.None);
            var ended = callee.Next<CallEnded>();
            Assert.Equal((answered.CallId, CallDisposition.Answered), (ended.CallId, ended.Disposition));
        }
    }

    [Fact]
    public async Task AHangUpWhileTheCallIsBeingPreparedEndsItCancelledWithoutAnInvite()
    {
        // The core announces an outgoing call before the telephony layer has placed it (its media and STUN come first):
        // a hang-up in that moment must be kept, not refused as an unknown call, and nothing must reach the far end.
        using var farEnd = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        farEnd.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var farPort = ((System.Net.IPEndPoint)farEnd.LocalEndPoint!).Port;
        TelephonyHarness? harness = null;
        Exception? hangupError = null;
        var hungUp = false;
        harness = await TelephonyHarness.StartAsync(configure: null, loggerFactory: null, real => new WatchingFactory(real, media => media.BeforeOffer = () =>
        {
            try
            {
                harness!.Telephony.HangupAsync("prep-1", CancellationToken.None).GetAwaiter().GetResult();
                hungUp = true;
            }
            catch (TelephonyException ex)
            {
                hangupError = ex;
            }
        }));
        await using (harness)
        {
            await harness.Telephony.DialAsync(new DialRequest("prep-1", $"sip:bob@127.0.0.1:{farPort}", null), CancellationToken.None);

            Assert.Null(hangupError);
            Assert.True(hungUp);
            var ended = harness.Next<CallEnded>();
            Assert.Equal(("prep-1", CallDisposition.Cancelled), (ended.CallId, ended.Disposition));
            Assert.Equal(0, farEnd.Available);
            await Assert.ThrowsAsync<TelephonyException>(() => harness.Telephony.HangupAsync("prep-1", CancellationToken.None));
        }
    }

    private sealed class WatchingFactory(ICallMediaFactory real, Action<TonesWatched> created) : ICallMediaFactory
    {
        public ICallMedia Create(AccountOptions? account = null)
        {
            var media = new TonesWatched(real.Create(account));
            created(media);
            return media;
        }
    }

    /// <summary>The real media, recording every tone asked of it in order.</summary>
    private sealed class TonesWatched(ICallMedia inner) : ICallMedia
    {
        private readonly List<LocalTone> _asked = [];
        private Action? _beforeFirstRing;
        private Action? _beforeOffer;

        /// <summary>Runs once, when the ring is first asked for, before it is passed on.</summary>
        public Action? BeforeFirstRing
        {
            set => _beforeFirstRing = value;
        }

        public IReadOnlyList<LocalTone> Asked
        {
            get
            {
                lock (_asked)
                {
                    return [.. _asked];
                }
            }
        }

        public event Action<char>? DtmfReceived
        {
            add => inner.DtmfReceived += value;
            remove => inner.DtmfReceived -= value;
        }

        public void SetLocalTone(LocalTone tone)
        {
            if (tone == LocalTone.Ring && Interlocked.Exchange(ref _beforeFirstRing, null) is { } before)
            {
                before();
            }

            lock (_asked)
            {
                _asked.Add(tone);
            }

            inner.SetLocalTone(tone);
        }

        /// <summary>Runs once, when the first offer is asked for, before it is made.</summary>
        public Action? BeforeOffer
        {
            set => _beforeOffer = value;
        }

        public string CreateOffer(bool hold)
        {
            Interlocked.Exchange(ref _beforeOffer, null)?.Invoke();
            return inner.CreateOffer(hold);
        }

        public string? CreateAnswer(string remoteOffer, bool hold) => inner.CreateAnswer(remoteOffer, hold);

        public bool ApplyAnswer(string remoteAnswer) => inner.ApplyAnswer(remoteAnswer);

        public bool ApplyAnswer(string remoteAnswer, out Media.Sdp.NegotiationFailure? failure) => inner.ApplyAnswer(remoteAnswer, out failure);

        public Task<StunResult> LearnPublicAddressAsync(System.Net.IPEndPoint stunServer, CancellationToken cancellationToken) =>
            inner.LearnPublicAddressAsync(stunServer, cancellationToken);

        public void Start() => inner.Start();

        public void SetMuted(bool muted) => inner.SetMuted(muted);

        public void SetCallWaitingTone(bool on) => inner.SetCallWaitingTone(on);

        public Task SendDtmfAsync(string digits, CancellationToken cancellationToken) => inner.SendDtmfAsync(digits, cancellationToken);

        public MediaStatistics GetStatistics() => inner.GetStatistics();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
