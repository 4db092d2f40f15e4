using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CtiConnector.Media.Srtp;

/// <summary>
/// The cryptographic context of one direction of an SRTP session (RFC 3711 §3.2): a master key and suite,
/// the session keys derived from it, and per-SSRC state (rollover counter, highest sequence number,
/// replay windows, SRTCP index). Protects what we send or unprotects what we receive, in place.
/// <para>
/// SRTP (§3.1): the payload is encrypted, then the header and encrypted payload followed by the ROC are
/// authenticated; the tag is appended. SRTCP (§3.4): everything after the first 8 bytes is encrypted and
/// the word <c>E || SRTCP index</c> is appended before the tag. Not thread-safe: one caller at a time.
/// </para>
/// </summary>
public sealed class SrtpContext : IDisposable
{
    // A peer rarely uses more than one or two sources; the cap keeps a long call's state bounded.
    private const int MaxStreams = 16;

    private readonly SrtpSessionKeys _rtpKeys;
    private readonly SrtpSessionKeys _rtcpKeys;
    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly Dictionary<uint, StreamState> _streams = [];
    private readonly byte[] _tag = new byte[20];

    /// <summary>Derives the session keys of <paramref name="masterKey"/> for <paramref name="suite"/>.</summary>
    public SrtpContext(SrtpCryptoSuite suite, SrtpMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        Suite = suite;
        MasterKey = masterKey;
        _rtpKeys = SrtpSessionKeys.ForRtp(masterKey);
        _rtcpKeys = SrtpSessionKeys.ForRtcp(masterKey);
        _rtpCipher = new AesCounterMode(_rtpKeys.Encryption);
        _rtcpCipher = new AesCounterMode(_rtcpKeys.Encryption);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _rtpKeys.Authentication);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _rtcpKeys.Authentication);
    }

    /// <summary>The suite in use.</summary>
    public SrtpCryptoSuite Suite { get; }

    /// <summary>The master key the session keys come from.</summary>
    public SrtpMasterKey MasterKey { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> adds to a packet.</summary>
    public int RtpOverhead => Suite.RtpTagLength();

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds to a packet (SRTCP index and tag).</summary>
    public int RtcpOverhead => 4 + Suite.RtcpTagLength();

    internal SrtpSessionKeys RtpKeys => _rtpKeys;

    internal SrtpSessionKeys RtcpKeys => _rtcpKeys;

    /// <summary>
    /// Encrypts and authenticates the RTP packet in <c>buffer[..length]</c>; returns the new length
    /// (<see cref="RtpOverhead"/> more, so the buffer needs the room).
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        var headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0 || buffer.Length < length + RtpOverhead)
        {
            throw new ArgumentException("Not an RTP packet with room for the SRTP tag.", nameof(buffer));
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = StreamFor(ssrc);

        // §3.3.1: the sender's ROC counts the wraps of its own sequence numbers.
        if (stream.SendStarted && sequence < stream.LastSent && stream.LastSent - sequence > 0x8000)
        {
            stream.SendRoc++;
        }

        stream.SendStarted = true;
        stream.LastSent = sequence;
        var index = ((ulong)stream.SendRoc << 16) | sequence;
        Encrypt(_rtpCipher, _rtpKeys.Salt, ssrc, index, buffer[headerLength..length]);
        var tagLength = Suite.RtpTagLength();
        RtpTag(buffer[..length], stream.SendRoc, buffer.Slice(length, tagLength));
        return length + tagLength;
    }

    /// <summary>
    /// Checks and decrypts the SRTP packet in <c>packet</c>; on success <paramref name="length"/> is the
    /// length of the plain RTP packet left at its start. A failing packet is left as it was and never
    /// changes the state.
    /// </summary>
    public SrtpError UnprotectRtp(Span<byte> packet, out int length)
    {
        length = packet.Length;
        var tagLength = Suite.RtpTagLength();
        if (packet.Length < 12 + tagLength)
        {
            return SrtpError.Malformed;
        }

        var authenticated = packet[..^tagLength];
        var headerLength = RtpHeaderLength(authenticated);
        if (headerLength < 0)
        {
            return SrtpError.Malformed;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        _streams.TryGetValue(ssrc, out var known);
        var stream = known ?? new StreamState();
        var roc = stream.ReceiveStarted ? EstimateRoc(stream, sequence) : 0;
        if (roc < 0 || roc > uint.MaxValue)
        {
            return SrtpError.Replayed;
        }

        var index = ((ulong)roc << 16) | sequence;
        if (!stream.RtpReplay.IsFresh(index))
        {
            return SrtpError.Replayed;
        }

        RtpTag(authenticated, (uint)roc, _tag);
        if (!CryptographicOperations.FixedTimeEquals(_tag.AsSpan(0, tagLength), packet[^tagLength..]))
        {
            return SrtpError.AuthenticationFailed;
        }

        Encrypt(_rtpCipher, _rtpKeys.Salt, ssrc, index, authenticated[headerLength..]);
        if (known is null)
        {
            Remember(ssrc, stream);
        }

        if (!stream.ReceiveStarted)
        {
            stream.ReceiveStarted = true;
            stream.HighestSequence = sequence;
            stream.ReceiveRoc = (uint)roc;
        }
        else if (roc == stream.ReceiveRoc + 1L)
        {
            stream.ReceiveRoc = (uint)roc;
            stream.HighestSequence = sequence;
        }
        else if (roc == stream.ReceiveRoc && sequence > stream.HighestSequence)
        {
            stream.HighestSequence = sequence;
        }

        stream.RtpReplay.Accept(index);
        length = authenticated.Length;
        return SrtpError.None;
    }

    /// <summary>
    /// Encrypts and authenticates the RTCP compound packet in <c>buffer[..length]</c>; returns the new
    /// length (<see cref="RtcpOverhead"/> more).
    /// </summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < 8 || buffer.Length < length + RtcpOverhead)
        {
            throw new ArgumentException("Not an RTCP packet with room for the SRTCP index and tag.", nameof(buffer));
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var stream = StreamFor(ssrc);
        var index = stream.RtcpSent;
        stream.RtcpSent = (stream.RtcpSent + 1) & 0x7FFF_FFFF;
        Encrypt(_rtcpCipher, _rtcpKeys.Salt, ssrc, index, buffer[8..length]);

        // §3.4: the E bit says the packet is encrypted.
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], 0x8000_0000u | index);
        var tagLength = Suite.RtcpTagLength();
        RtcpTag(buffer[..(length + 4)], buffer.Slice(length + 4, tagLength));
        return length + 4 + tagLength;
    }

    /// <summary>Checks and decrypts an SRTCP packet in place; see <see cref="UnprotectRtp"/>.</summary>
    public SrtpError UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = packet.Length;
        var tagLength = Suite.RtcpTagLength();
        if (packet.Length < 8 + 4 + tagLength || packet[0] >> 6 != 2)
        {
            return SrtpError.Malformed;
        }

        var authenticated = packet[..^tagLength];
        var word = BinaryPrimitives.ReadUInt32BigEndian(authenticated[^4..]);
        var encrypted = (word & 0x8000_0000u) != 0;
        var index = word & 0x7FFF_FFFFu;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        _streams.TryGetValue(ssrc, out var known);
        var stream = known ?? new StreamState();
        if (!stream.RtcpReplay.IsFresh(index))
        {
            return SrtpError.Replayed;
        }

        RtcpTag(authenticated, _tag);
        if (!CryptographicOperations.FixedTimeEquals(_tag.AsSpan(0, tagLength), packet[^tagLength..]))
        {
            return SrtpError.AuthenticationFailed;
        }

        var body = authenticated[..^4];
        if (encrypted)
        {
            Encrypt(_rtcpCipher, _rtcpKeys.Salt, ssrc, index, body[8..]);
        }

        if (known is null)
        {
            Remember(ssrc, stream);
        }

        stream.RtcpReplay.Accept(index);
        length = body.Length;
        return SrtpError.None;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>The ROC guessed for a received sequence number (RFC 3711 §3.3.1); −1 when it would be negative.</summary>
    private static long EstimateRoc(StreamState stream, ushort sequence)
    {
        long roc = stream.ReceiveRoc;
        int highest = stream.HighestSequence;
        if (highest < 0x8000)
        {
            return sequence - highest > 0x8000 ? roc - 1 : roc;
        }

        return highest - 0x8000 > sequence ? roc + 1 : roc;
    }

    /// <summary>Bytes of fixed header, CSRCs and extension; −1 when the packet is shorter or not version 2.</summary>
    private static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return -1;
        }

        var length = 12 + ((packet[0] & 0x0F) * 4);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]) * 4);
        }

        return length <= packet.Length ? length : -1;
    }

    private static void Encrypt(AesCounterMode cipher, ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> data)
    {
        // §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
        Span<byte> iv = stackalloc byte[16];
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(word, ssrc);
        for (var i = 0; i < 4; i++)
        {
            iv[4 + i] ^= word[i];
        }

        BinaryPrimitives.WriteUInt64BigEndian(word, index << 16);
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= word[i];
        }

        cipher.Transform(iv, data);
    }

    private void RtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        // §4.2: the tag covers the packet and the ROC, which is not sent.
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(rocBytes);
        Truncate(_rtpMac, tag);
    }

    private void RtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        _rtcpMac.AppendData(authenticated);
        Truncate(_rtcpMac, tag);
    }

    private static void Truncate(IncrementalHash mac, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[20];
        mac.GetHashAndReset(full);
        full[..Math.Min(tag.Length, 20)].CopyTo(tag);
    }

    private StreamState StreamFor(uint ssrc)
    {
        if (!_streams.TryGetValue(ssrc, out var stream))
        {
            stream = new StreamState();
            Remember(ssrc, stream);
        }

        return stream;
    }

    private void Remember(uint ssrc, StreamState stream)
    {
        if (_streams.Count >= MaxStreams)
        {
            _streams.Clear();
        }

        _streams[ssrc] = stream;
    }

    private sealed class StreamState
    {
        public bool SendStarted;
        public ushort LastSent;
        public uint SendRoc;
        public bool ReceiveStarted;
        public ushort HighestSequence;
        public uint ReceiveRoc;
        public SrtpReplayWindow RtpReplay;
        public uint RtcpSent;
        public SrtpReplayWindow RtcpReplay;
    }
}
