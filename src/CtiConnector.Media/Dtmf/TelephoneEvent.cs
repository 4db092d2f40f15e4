using System.Buffers.Binary;

namespace CtiConnector.Media.Dtmf;

/// <summary>
/// An RFC 4733 telephone-event payload (§2.3), 4 bytes:
/// <code>
/// |     event     |E|R| volume    |          duration             |
/// </code>
/// Events 0-9 are the digits, 10 is <c>*</c>, 11 is <c>#</c>, 12-15 are A-D, 16 is flash.
/// </summary>
/// <param name="Event">Event code.</param>
/// <param name="End">E bit: the event has ended (sent three times).</param>
/// <param name="Volume">Power level in −dBm0 (0-63).</param>
/// <param name="Duration">Duration so far, in timestamp units, counted from the event's timestamp.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>Payload size.</summary>
    public const int Size = 4;

    /// <summary>Reads a payload; false when it is shorter than 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        if (payload.Length < Size)
        {
            value = default;
            return false;
        }

        value = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>Writes the payload into 4 bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
    }

    /// <summary>Maps a DTMF character (<c>0-9 * # A-D</c>, case-insensitive) to its event code.</summary>
    public static bool TryGetEventCode(char digit, out byte code)
    {
        code = char.ToUpperInvariant(digit) switch
        {
            >= '0' and <= '9' => (byte)(digit - '0'),
            '*' => 10,
            '#' => 11,
            'A' => 12,
            'B' => 13,
            'C' => 14,
            'D' => 15,
            _ => byte.MaxValue,
        };
        return code != byte.MaxValue;
    }

    /// <summary>Maps an event code to its DTMF character, or null for other events.</summary>
    public static char? ToDigit(byte code) => code switch
    {
        <= 9 => (char)('0' + code),
        10 => '*',
        11 => '#',
        >= 12 and <= 15 => (char)('A' + code - 12),
        _ => null,
    };
}
