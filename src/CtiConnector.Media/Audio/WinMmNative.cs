using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace CtiConnector.Media.Audio;

/// <summary>P/Invoke into the Windows multimedia API (<c>winmm.dll</c>), AOT-clean.</summary>
[SupportedOSPlatform("windows")]
internal static partial class WinMmNative
{
    public const uint WaveMapper = uint.MaxValue;
    public const uint CallbackNull = 0;
    public const uint HeaderDone = 0x1;
    public const ushort FormatPcm = 1;
    private const string Library = "winmm.dll";

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct WaveFormatEx
    {
        public ushort FormatTag;
        public ushort Channels;
        public uint SamplesPerSec;
        public uint AvgBytesPerSec;
        public ushort BlockAlign;
        public ushort BitsPerSample;
        public ushort Size;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct WaveHeader
    {
        public nint Data;
        public uint BufferLength;
        public uint BytesRecorded;
        public nint User;
        public uint Flags;
        public uint Loops;
        public nint Next;
        public nint Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct WaveOutCaps
    {
        public ushort Mid;
        public ushort Pid;
        public uint DriverVersion;
        public fixed char Name[32];
        public uint Formats;
        public ushort Channels;
        public ushort Reserved;
        public uint Support;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct WaveInCaps
    {
        public ushort Mid;
        public ushort Pid;
        public uint DriverVersion;
        public fixed char Name[32];
        public uint Formats;
        public ushort Channels;
        public ushort Reserved;
    }

    [LibraryImport(Library, EntryPoint = "waveOutOpen")]
    public static partial uint WaveOutOpen(out nint handle, uint deviceId, in WaveFormatEx format, nint callback, nint instance, uint flags);

    [LibraryImport(Library, EntryPoint = "waveOutPrepareHeader")]
    public static partial uint WaveOutPrepareHeader(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveOutUnprepareHeader")]
    public static partial uint WaveOutUnprepareHeader(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveOutWrite")]
    public static partial uint WaveOutWrite(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveOutReset")]
    public static partial uint WaveOutReset(nint handle);

    [LibraryImport(Library, EntryPoint = "waveOutClose")]
    public static partial uint WaveOutClose(nint handle);

    [LibraryImport(Library, EntryPoint = "waveOutGetNumDevs")]
    public static partial uint WaveOutGetNumDevs();

    [LibraryImport(Library, EntryPoint = "waveOutGetDevCapsW")]
    public static partial uint WaveOutGetDevCaps(nuint deviceId, out WaveOutCaps caps, uint size);

    [LibraryImport(Library, EntryPoint = "waveInOpen")]
    public static partial uint WaveInOpen(out nint handle, uint deviceId, in WaveFormatEx format, nint callback, nint instance, uint flags);

    [LibraryImport(Library, EntryPoint = "waveInPrepareHeader")]
    public static partial uint WaveInPrepareHeader(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveInUnprepareHeader")]
    public static partial uint WaveInUnprepareHeader(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveInAddBuffer")]
    public static partial uint WaveInAddBuffer(nint handle, nint header, uint size);

    [LibraryImport(Library, EntryPoint = "waveInStart")]
    public static partial uint WaveInStart(nint handle);

    [LibraryImport(Library, EntryPoint = "waveInReset")]
    public static partial uint WaveInReset(nint handle);

    [LibraryImport(Library, EntryPoint = "waveInClose")]
    public static partial uint WaveInClose(nint handle);

    [LibraryImport(Library, EntryPoint = "waveInGetNumDevs")]
    public static partial uint WaveInGetNumDevs();

    [LibraryImport(Library, EntryPoint = "waveInGetDevCapsW")]
    public static partial uint WaveInGetDevCaps(nuint deviceId, out WaveInCaps caps, uint size);

    public static WaveFormatEx Format() => new()
    {
        FormatTag = FormatPcm,
        Channels = AudioFormat.Channels,
        SamplesPerSec = AudioFormat.SampleRate,
        AvgBytesPerSec = AudioFormat.SampleRate * 2,
        BlockAlign = 2,
        BitsPerSample = AudioFormat.BitsPerSample,
        Size = 0,
    };
}
