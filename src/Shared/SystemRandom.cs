using System.Numerics;
using System.Security.Cryptography;

namespace CtiConnector.Shared;

/// <summary>
/// Cryptographically secure random values from the operating system's generator. On Linux they are read from the
/// kernel's generator (<c>/dev/urandom</c>, the source OpenSSL seeds its own generator from), because
/// <see cref="RandomNumberGenerator"/> there loads libcrypto and libssl (about 5 MB resident) for <c>RAND_bytes</c>,
/// which an agent without TLS or SRTP has no other use for. Elsewhere (Windows: <c>BCryptGenRandom</c>), and if the
/// device cannot be opened, <see cref="RandomNumberGenerator"/> is used.
/// </summary>
/// <remarks>Compiled into each assembly that needs it (a linked source file), so that no layer gains a reference.</remarks>
internal static class SystemRandom
{
    private static readonly FileStream? Kernel = OpenKernel();

    /// <summary>Fills <paramref name="data"/> with random bytes.</summary>
    public static void Fill(Span<byte> data)
    {
        if (Kernel is null)
        {
            RandomNumberGenerator.Fill(data);
            return;
        }

        lock (Kernel)
        {
            Kernel.ReadExactly(data);
        }
    }

    /// <summary>A new array of <paramref name="count"/> random bytes.</summary>
    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <summary>A uniformly distributed integer in [0, <paramref name="toExclusive"/>).</summary>
    public static int GetInt32(int toExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(toExclusive, 1);
        if (toExclusive == 1)
        {
            return 0;
        }

        // Draw under the smallest power of two covering the range and retry above it: no value is favoured.
        var mask = uint.MaxValue >> BitOperations.LeadingZeroCount((uint)(toExclusive - 1));
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            Fill(bytes);
            var value = BitConverter.ToUInt32(bytes) & mask;
            if (value < (uint)toExclusive)
            {
                return (int)value;
            }
        }
    }

    /// <summary>A string of <paramref name="length"/> characters drawn uniformly from <paramref name="choices"/> (at most 256).</summary>
    public static string GetString(ReadOnlySpan<char> choices, int length)
    {
        ArgumentOutOfRangeException.ThrowIfZero(choices.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(choices.Length, 256);
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        // A byte at or above the largest multiple of the alphabet's size would favour its first characters: skipped.
        var limit = 256 - (256 % choices.Length);
        var chars = length <= 128 ? stackalloc char[length] : new char[length];
        Span<byte> bytes = stackalloc byte[64];
        var filled = 0;
        while (filled < length)
        {
            var batch = bytes[..Math.Min(bytes.Length, length - filled + 8)];
            Fill(batch);
            foreach (var b in batch)
            {
                if (b < limit)
                {
                    chars[filled++] = choices[b % choices.Length];
                    if (filled == length)
                    {
                        break;
                    }
                }
            }
        }

        return new string(chars);
    }

    private static FileStream? OpenKernel()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return new FileStream("/dev/urandom", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
