using System.Runtime.InteropServices;

namespace CtiConnector.Media.Audio;

/// <summary>P/Invoke into PulseAudio's simple API (<c>libpulse-simple.so.0</c>), AOT-clean.</summary>
internal static partial class PulseAudioNative
{
    public const int StreamPlayback = 1;
    public const int StreamRecord = 2;
    public const int SampleS16Le = 3;
    public const int ErrorNoEntity = 5;

    private const string SimpleLibrary = "libpulse-simple.so.0";
    private const string Library = "libpulse.so.0";

    [StructLayout(LayoutKind.Sequential)]
    public struct SampleSpec
    {
        public int Format;
        public uint Rate;
        public byte Channels;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct BufferAttr
    {
        public uint MaxLength;
        public uint TLength;
        public uint PreBuf;
        public uint MinReq;
        public uint FragSize;
    }

    [LibraryImport(SimpleLibrary, EntryPoint = "pa_simple_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SimpleNew(
        string? server,
        string name,
        int direction,
        string? device,
        string streamName,
        in SampleSpec spec,
        nint channelMap,
        in BufferAttr attributes,
        out int error);

    [LibraryImport(SimpleLibrary, EntryPoint = "pa_simple_read")]
    public static unsafe partial int SimpleRead(nint simple, byte* data, nuint bytes, out int error);

    [LibraryImport(SimpleLibrary, EntryPoint = "pa_simple_write")]
    public static unsafe partial int SimpleWrite(nint simple, byte* data, nuint bytes, out int error);

    [LibraryImport(SimpleLibrary, EntryPoint = "pa_simple_drain")]
    public static partial int SimpleDrain(nint simple, out int error);

    [LibraryImport(SimpleLibrary, EntryPoint = "pa_simple_free")]
    public static partial void SimpleFree(nint simple);

    [LibraryImport(Library, EntryPoint = "pa_strerror")]
    private static partial nint StrError(int error);

    public static string Describe(int error)
    {
        try
        {
            return Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
        }
        catch (DllNotFoundException)
        {
            return $"error {error}";
        }
    }
}
