using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace CtiConnector.Media.Audio;

/// <summary>
/// Windows sound through WinMM (<c>waveOut*</c>/<c>waveIn*</c>), 8 kHz mono 16-bit with four 20 ms
/// buffers per direction polled by two threads. A device name selects the first output and input
/// whose name starts with it (WinMM truncates names to 31 characters); null is the wave mapper
/// (the Windows default device). Compiles everywhere, runs on Windows only.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed unsafe class WinMmAudioDevice : IAudioDevice
{
    private const int BufferCount = 4;
    private static readonly uint HeaderSize = (uint)sizeof(WinMmNative.WaveHeader);
    private readonly nint _waveOut;
    private readonly nint _waveIn;
    private readonly WinMmNative.WaveHeader*[] _outHeaders = new WinMmNative.WaveHeader*[BufferCount];
    private readonly WinMmNative.WaveHeader*[] _inHeaders = new WinMmNative.WaveHeader*[BufferCount];
    private readonly FrameQueue _toPlay = new(10);
    private readonly FrameQueue _captured = new(10);
    private readonly Thread _playThread;
    private readonly Thread _captureThread;
    private volatile bool _stopping;
    private int _disposed;

    /// <summary>Opens the devices; throws <see cref="MediaException"/> naming a missing device.</summary>
    public WinMmAudioDevice(string? deviceName = null)
    {
        var format = WinMmNative.Format();
        var outId = deviceName is null ? WinMmNative.WaveMapper : FindOutput(deviceName);
        var inId = deviceName is null ? WinMmNative.WaveMapper : FindInput(deviceName);
        Check(WinMmNative.WaveOutOpen(out _waveOut, outId, format, 0, 0, WinMmNative.CallbackNull), $"output '{deviceName ?? "default"}'");
        var result = WinMmNative.WaveInOpen(out _waveIn, inId, format, 0, 0, WinMmNative.CallbackNull);
        if (result != 0)
        {
            WinMmNative.WaveOutClose(_waveOut);
            Check(result, $"input '{deviceName ?? "default"}'");
        }

        for (var i = 0; i < BufferCount; i++)
        {
            _outHeaders[i] = NewHeader();
            WinMmNative.WaveOutPrepareHeader(_waveOut, (nint)_outHeaders[i], HeaderSize);
            _outHeaders[i]->Flags |= WinMmNative.HeaderDone; // free for the first write
            _inHeaders[i] = NewHeader();
            WinMmNative.WaveInPrepareHeader(_waveIn, (nint)_inHeaders[i], HeaderSize);
            WinMmNative.WaveInAddBuffer(_waveIn, (nint)_inHeaders[i], HeaderSize);
        }

        WinMmNative.WaveInStart(_waveIn);
        Name = "winmm:" + (deviceName ?? "default");
        _playThread = new Thread(PlayLoop) { IsBackground = true, Name = "winmm-playback" };
        _captureThread = new Thread(CaptureLoop) { IsBackground = true, Name = "winmm-capture" };
        _playThread.Start();
        _captureThread.Start();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool ReadFrame(Span<short> frame)
    {
        if (_captured.TryDequeue(frame))
        {
            return true;
        }

        frame.Clear();
        return false;
    }

    /// <inheritdoc />
    public void WriteFrame(ReadOnlySpan<short> frame) => _toPlay.Enqueue(frame);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _playThread.Join(TimeSpan.FromSeconds(1));
        _captureThread.Join(TimeSpan.FromSeconds(1));
        WinMmNative.WaveOutReset(_waveOut);
        WinMmNative.WaveInReset(_waveIn);
        for (var i = 0; i < BufferCount; i++)
        {
            WinMmNative.WaveOutUnprepareHeader(_waveOut, (nint)_outHeaders[i], HeaderSize);
            WinMmNative.WaveInUnprepareHeader(_waveIn, (nint)_inHeaders[i], HeaderSize);
            FreeHeader(_outHeaders[i]);
            FreeHeader(_inHeaders[i]);
        }

        WinMmNative.WaveOutClose(_waveOut);
        WinMmNative.WaveInClose(_waveIn);
    }

    private static WinMmNative.WaveHeader* NewHeader()
    {
        var header = (WinMmNative.WaveHeader*)NativeMemory.AllocZeroed((nuint)sizeof(WinMmNative.WaveHeader));
        header->Data = (nint)NativeMemory.AllocZeroed(AudioFormat.FrameBytes);
        header->BufferLength = AudioFormat.FrameBytes;
        return header;
    }

    private static void FreeHeader(WinMmNative.WaveHeader* header)
    {
        NativeMemory.Free((void*)header->Data);
        NativeMemory.Free(header);
    }

    private static void Check(uint result, string what)
    {
        if (result != 0)
        {
            throw new MediaException($"Windows audio {what} cannot be opened (MMRESULT {result}).");
        }
    }

    private static uint FindOutput(string name)
    {
        var count = WinMmNative.WaveOutGetNumDevs();
        for (uint id = 0; id < count; id++)
        {
            if (WinMmNative.WaveOutGetDevCaps(id, out var caps, (uint)sizeof(WinMmNative.WaveOutCaps)) == 0
                && Matches(new string(caps.Name), name))
            {
                return id;
            }
        }

        throw new MediaException($"Windows audio output device '{name}' not found ({count} output devices).");
    }

    private static uint FindInput(string name)
    {
        var count = WinMmNative.WaveInGetNumDevs();
        for (uint id = 0; id < count; id++)
        {
            if (WinMmNative.WaveInGetDevCaps(id, out var caps, (uint)sizeof(WinMmNative.WaveInCaps)) == 0
                && Matches(new string(caps.Name), name))
            {
                return id;
            }
        }

        throw new MediaException($"Windows audio input device '{name}' not found ({count} input devices).");
    }

    private static bool Matches(string deviceName, string wanted)
    {
        var trimmed = deviceName.TrimEnd('\0');
        return trimmed.Length > 0
            && (wanted.StartsWith(trimmed, StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith(wanted, StringComparison.OrdinalIgnoreCase));
    }

    private void PlayLoop()
    {
        var frame = new short[AudioFormat.FrameSamples];
        var next = 0;
        while (!_stopping)
        {
            if (!_toPlay.WaitDequeue(frame, TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            var header = _outHeaders[next];
            while ((header->Flags & WinMmNative.HeaderDone) == 0 && !_stopping)
            {
                Thread.Sleep(2);
            }

            frame.AsSpan().CopyTo(new Span<short>((void*)header->Data, AudioFormat.FrameSamples));
            header->Flags &= ~WinMmNative.HeaderDone;
            WinMmNative.WaveOutWrite(_waveOut, (nint)header, HeaderSize);
            next = (next + 1) % BufferCount;
        }
    }

    private void CaptureLoop()
    {
        var next = 0;
        while (!_stopping)
        {
            var header = _inHeaders[next];
            if ((header->Flags & WinMmNative.HeaderDone) == 0)
            {
                Thread.Sleep(2);
                continue;
            }

            var samples = (int)Math.Min(header->BytesRecorded / 2, AudioFormat.FrameSamples);
            var frame = new Span<short>((void*)header->Data, samples);
            if (samples == AudioFormat.FrameSamples)
            {
                _captured.Enqueue(frame);
            }

            header->Flags &= ~WinMmNative.HeaderDone;
            WinMmNative.WaveInAddBuffer(_waveIn, (nint)header, HeaderSize);
            next = (next + 1) % BufferCount;
        }
    }
}
