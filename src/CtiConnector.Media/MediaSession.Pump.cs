using CtiConnector.Media.Audio;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Dtmf;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;

namespace CtiConnector.Media;

/// <summary>The 20 ms pump, the receive path and DTMF sending.</summary>
public sealed partial class MediaSession
{
    private static readonly TimeSpan FramePeriod = TimeSpan.FromMilliseconds(AudioFormat.FrameMilliseconds);
    private const int MaxCatchUpFrames = 10;

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // A steady clock: frame n is due at start + n × 20 ms whatever the timer's own jitter; the
        // timer only wakes us up often enough. Far behind (a suspended process), we skip ahead.
        var start = _time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5), _time);
        long done = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var due = (long)(_time.GetElapsedTime(start) / FramePeriod) + 1;
                if (due - done > MaxCatchUpFrames)
                {
                    Interlocked.Increment(ref _clockSlips);
                    LogClockSlip(_logger, due - done);
                    done = due - 1;
                }

                while (done < due && !cancellationToken.IsCancellationRequested)
                {
                    ProcessFrame();
                    done++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // The pump must survive a failing device; the error is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPumpFailed(_logger, ex);
        }
    }

    /// <summary>One 20 ms step: capture → send, jitter buffer → playback (or the local tone alone before <see cref="Start"/>).</summary>
    internal void ProcessFrame()
    {
        if (!_rtpStarted)
        {
            // Only a local tone before the call is answered: no microphone, no RTP.
            Array.Clear(_play);
            _localTone?.Fill(_play);
            _device.WriteFrame(_play);
            return;
        }

        Interlocked.Increment(ref _frames);
        var negotiated = _negotiated;
        _device.ReadFrame(_capture);

        if (negotiated is not null && negotiated.Direction.CanSend() && negotiated.RemoteRtp is not null)
        {
            if (!TrySendDtmf(negotiated))
            {
                if (_muted || !_localDirection.CanReceive())
                {
                    Array.Clear(_capture);
                }

                G711.Encode(negotiated.Codec, _capture, _encoded);
                _rtp.SendAudio(negotiated.PayloadType, _encoded, AudioFormat.FrameSamples);
            }
        }
        else
        {
            // Not sending (hold, before the answer): the timestamp keeps time anyway.
            _rtp.SkipAudio(AudioFormat.FrameSamples);
            if (negotiated is not null)
            {
                FailPendingDtmf();
            }
        }

        JitterBufferFrame kind;
        lock (_jitterLock)
        {
            kind = _jitter.Pop(_play);
        }

        if (negotiated is null || !negotiated.Direction.CanReceive())
        {
            Array.Clear(_play);
        }
        else if (kind == JitterBufferFrame.Audio)
        {
            Interlocked.Increment(ref _framesPlayed);
        }

        _localTone?.Fill(_play);
        _overlayTone?.Mix(_play);
        _device.WriteFrame(_play);
    }

    private bool TrySendDtmf(NegotiatedAudio negotiated)
    {
        DtmfJob? job;
        lock (_dtmfLock)
        {
            if (_currentDtmf is null && _dtmfQueue.Count > 0)
            {
                _currentDtmf = _dtmfQueue.Dequeue();
            }

            job = _currentDtmf;
        }

        if (job is null)
        {
            return false;
        }

        if (job.Packets is null && job.Tone is null)
        {
            if (negotiated.TelephoneEventPayloadType is not null)
            {
                job.Packets = DtmfSender.Plan(job.Digit, _options.DtmfDurationMilliseconds, AudioFormat.FrameMilliseconds);
                job.EventTimestamp = _rtp.Timestamp;
            }
            else
            {
                job.Tone = ToneGenerator.Dtmf(job.Digit);
            }

            job.GapFrames = Math.Max(1, _options.DtmfGapMilliseconds / AudioFormat.FrameMilliseconds);
            LogDtmfSending(_logger, job.Digit, job.Packets is null ? "in-band" : "RFC 4733");
        }

        if (job.Packets is { } packets && job.Index < packets.Count)
        {
            // RFC 4733 §2.5.1: every packet of the event carries the start timestamp; audio time runs on.
            packets[job.Index].Event.Write(_eventPayload);
            _rtp.SendEvent(negotiated.TelephoneEventPayloadType ?? 101, packets[job.Index].Marker, job.EventTimestamp, _eventPayload);
            _rtp.SkipAudio(AudioFormat.FrameSamples, markNext: false);
            job.Index++;
            return true;
        }

        if (job.Tone is { } tone && job.Index < _options.DtmfDurationMilliseconds / AudioFormat.FrameMilliseconds)
        {
            tone.Fill(_capture);
            G711.Encode(negotiated.Codec, _capture, _encoded);
            _rtp.SendAudio(negotiated.PayloadType, _encoded, AudioFormat.FrameSamples);
            job.Index++;
            return true;
        }

        if (--job.GapFrames <= 0)
        {
            lock (_dtmfLock)
            {
                _currentDtmf = null;
            }

            job.Done?.TrySetResult();
        }

        return false;
    }

    private void FailPendingDtmf()
    {
        List<DtmfJob> failed;
        lock (_dtmfLock)
        {
            if (_currentDtmf is null && _dtmfQueue.Count == 0)
            {
                return;
            }

            failed = [.. _dtmfQueue];
            if (_currentDtmf is not null)
            {
                failed.Add(_currentDtmf);
            }

            _dtmfQueue.Clear();
            _currentDtmf = null;
        }

        foreach (var job in failed)
        {
            job.Done?.TrySetException(new MediaException("DTMF cannot be sent: the call is on hold or not sending audio."));
        }
    }

    private void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        var negotiated = _negotiated;
        if (negotiated is null)
        {
            return;
        }

        if (header.PayloadType == negotiated.PayloadType)
        {
            if (payload.IsEmpty || payload.Length > _decoded.Length)
            {
                return;
            }

            var samples = _decoded.AsSpan(0, payload.Length);
            G711.Decode(negotiated.Codec, payload, samples);
            lock (_jitterLock)
            {
                _jitter.Push(header.Timestamp, samples);
            }
        }
        else if (header.PayloadType == negotiated.TelephoneEventPayloadType
            && TelephoneEvent.TryRead(payload, out var telephoneEvent)
            && _dtmfReceiver.TryAccept(header.Ssrc, header.Timestamp, telephoneEvent, out var digit))
        {
            LogDtmfReceived(_logger, digit);
            try
            {
                DtmfReceived?.Invoke(this, new DtmfReceivedEventArgs(digit, TimeSpan.FromMilliseconds(telephoneEvent.Duration / 8.0)));
            }
#pragma warning disable CA1031 // A subscriber's failure must not stop the receive loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    private sealed class DtmfJob(char digit, TaskCompletionSource? done)
    {
        public char Digit { get; } = digit;

        public TaskCompletionSource? Done { get; } = done;

        public IReadOnlyList<DtmfPacket>? Packets { get; set; }

        public ToneGenerator? Tone { get; set; }

        public uint EventTimestamp { get; set; }

        public int Index { get; set; }

        public int GapFrames { get; set; }
    }
}
