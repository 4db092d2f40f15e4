using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using CtiConnector.Media.Codecs;
using CtiConnector.Media.Srtp;

namespace CtiConnector.Media.Sdp;

/// <summary>
/// RFC 3264 offer/answer for one audio stream: builds our offer, answers a remote offer, and applies
/// a remote answer to our offer. Stateless apart from its options; the caller owns the <c>o=</c>
/// version (<c>MediaSession</c> does it for you).
/// </summary>
public sealed class SdpNegotiator
{
    private readonly AudioNegotiationOptions _options;

    /// <summary>Creates a negotiator with the given options.</summary>
    public SdpNegotiator(AudioNegotiationOptions? options = null)
    {
        _options = options ?? AudioNegotiationOptions.Default;
        if (_options.CodecPreference.Count == 0)
        {
            throw new ArgumentException("At least one codec is needed.", nameof(options));
        }
    }

    /// <summary>The options in use.</summary>
    public AudioNegotiationOptions Options => _options;

    /// <summary>
    /// Builds an offer: one audio stream at <paramref name="localRtp"/> with our codecs in preference
    /// order, telephone-event 0-16, <c>a=ptime</c> and the direction. For hold pass
    /// <see cref="MediaDirection.SendOnly"/> (or <see cref="MediaDirection.Inactive"/>); with
    /// <paramref name="legacyHoldAddress"/> the connection address is also <c>0.0.0.0</c>, for old peers.
    /// When <see cref="AudioNegotiationOptions.Encryption"/> asks for SRTP, the stream is <c>RTP/SAVP</c> with
    /// <c>a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:</c><paramref name="srtpKey"/> (RFC 4568).
    /// </summary>
    public SessionDescription CreateOffer(IPEndPoint localRtp, SdpOrigin origin, MediaDirection direction = MediaDirection.SendRecv, bool legacyHoldAddress = false, SrtpMasterKey? srtpKey = null)
    {
        ArgumentNullException.ThrowIfNull(localRtp);
        ArgumentNullException.ThrowIfNull(origin);
        var secure = _options.Encryption != MediaEncryption.None;
        if (secure && srtpKey is null)
        {
            throw new ArgumentException("An SRTP offer needs our master key.", nameof(srtpKey));
        }

        var sdp = NewDescription(localRtp, origin);
        if (legacyHoldAddress && !direction.CanReceive())
        {
            sdp.Connection = new SdpConnection("IN", "IP4", "0.0.0.0");
        }

        var media = new MediaDescription { Media = "audio", Port = localRtp.Port, Protocol = secure ? "RTP/SAVP" : "RTP/AVP" };
        foreach (var codec in _options.CodecPreference.Distinct())
        {
            var pt = codec.StaticPayloadType();
            media.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var codec in _options.CodecPreference.Distinct())
        {
            media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(codec.StaticPayloadType(), codec.EncodingName(), 8000).ToString()));
        }

        if (_options.TelephoneEvents)
        {
            AddTelephoneEvent(media, _options.TelephoneEventPayloadType, "0-16");
        }

        media.Attributes.Add(new SdpAttribute("ptime", _options.Ptime.ToString(CultureInfo.InvariantCulture)));
        if (secure)
        {
            // One suite, one key: RFC 4568 §6.1 wants a key used with a single suite.
            media.Attributes.Add(new SdpCrypto(1, SrtpCryptoSuite.AesCm128HmacSha1Tag80, srtpKey!).ToAttribute());
        }

        media.Direction = direction;
        sdp.Media.Add(media);
        return sdp;
    }

    /// <summary>
    /// Answers a remote offer (RFC 3264 §6). The first acceptable audio stream is accepted with the
    /// first codec of our preference list that the offer contains (using the offer's payload type
    /// numbers); every other stream is rejected with port 0. The answered direction combines the
    /// offer's (reversed) with <paramref name="localDirection"/>, e.g. an offered sendonly gives recvonly.
    /// False with a <see cref="NegotiationFailure"/> (reply 488) when nothing usable is offered.
    /// An <c>RTP/SAVP</c> stream is usable with <paramref name="srtpKey"/> when one of its <c>a=crypto</c> lines
    /// is: the first such line is answered with our key (RFC 4568 §7.1.2); plain RTP is refused when
    /// <see cref="AudioNegotiationOptions.Encryption"/> is <see cref="MediaEncryption.SdesRequired"/>.
    /// </summary>
    public bool TryCreateAnswer(
        SessionDescription offer,
        IPEndPoint localRtp,
        SdpOrigin origin,
        MediaDirection localDirection,
        [NotNullWhen(true)] out SessionDescription? answer,
        [NotNullWhen(true)] out NegotiatedAudio? negotiated,
        [NotNullWhen(false)] out NegotiationFailure? failure,
        SrtpMasterKey? srtpKey = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(localRtp);
        ArgumentNullException.ThrowIfNull(origin);
        answer = null;
        negotiated = null;
        failure = null;

        var accepted = -1;
        AudioCodec codec = default;
        var codecPt = 0;
        SdpCrypto? crypto = null;
        NegotiationFailure? firstProblem = null;
        for (var i = 0; i < offer.Media.Count && accepted < 0; i++)
        {
            var m = offer.Media[i];
            if (!IsAudioRtp(m) || m.Port == 0)
            {
                continue;
            }

            if (!TryPickCodec(m, out codec, out codecPt))
            {
                firstProblem ??= new NegotiationFailure(NegotiationFailureKind.NoCommonCodec, $"audio stream {i} offers {string.Join(' ', m.Formats)}, none of {string.Join(", ", _options.CodecPreference)}");
                continue;
            }

            var connection = offer.GetConnection(m);
            if (connection is null || (!connection.IsLegacyHold && !connection.TryGetIPAddress(out _)))
            {
                firstProblem ??= new NegotiationFailure(NegotiationFailureKind.NoConnectionAddress, connection is null ? $"audio stream {i} has no c= line" : $"audio stream {i} has a non-numeric address '{connection.Address}'");
                continue;
            }

            crypto = null;
            if (IsSecure(m))
            {
                crypto = srtpKey is null ? null : SdpCrypto.ReadAll(m).FirstOrDefault();
                if (crypto is null)
                {
                    firstProblem ??= new NegotiationFailure(NegotiationFailureKind.NoCommonCrypto, $"audio stream {i} is {m.Protocol} without an a=crypto line we can use (we do {string.Join(" or ", SrtpCryptoSuites.Preference.Select(s => s.Name()))} with one inline key, no MKI)");
                    continue;
                }
            }
            else if (_options.Encryption == MediaEncryption.SdesRequired)
            {
                firstProblem ??= new NegotiationFailure(NegotiationFailureKind.EncryptionRequired, $"audio stream {i} is plain {m.Protocol}; this account requires SRTP (RTP/SAVP with a=crypto)");
                continue;
            }

            accepted = i;
        }

        if (accepted < 0)
        {
            failure = firstProblem ?? new NegotiationFailure(NegotiationFailureKind.NoAudioStream, "the offer has no active RTP/AVP or RTP/SAVP audio stream");
            return false;
        }

        var offered = offer.Media[accepted];
        var offerConnection = offer.GetConnection(offered)!;
        var remoteDirection = EffectiveDirection(offer.GetDirection(offered), offerConnection);
        var ours = MediaDirectionExtensions.FromCapabilities(
            remoteDirection.CanReceive() && localDirection.CanSend(),
            remoteDirection.CanSend() && localDirection.CanReceive());
        var tePt = _options.TelephoneEvents ? FindTelephoneEvent(offered) : null;

        var sdp = NewDescription(localRtp, origin);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var m = offer.Media[i];
            if (i != accepted)
            {
                // RFC 3264 §6: a rejected stream keeps its place with port 0.
                var rejected = new MediaDescription { Media = m.Media, Port = 0, Protocol = m.Protocol };
                rejected.Formats.Add(m.Formats[0]);
                sdp.Media.Add(rejected);
                continue;
            }

            var media = new MediaDescription { Media = "audio", Port = localRtp.Port, Protocol = m.Protocol };
            media.Formats.Add(codecPt.ToString(CultureInfo.InvariantCulture));
            media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(codecPt, codec.EncodingName(), 8000).ToString()));
            if (tePt is { } te)
            {
                AddTelephoneEvent(media, te, offered.GetFmtp(te) ?? "0-16");
            }

            media.Attributes.Add(new SdpAttribute("ptime", _options.Ptime.ToString(CultureInfo.InvariantCulture)));
            if (crypto is not null)
            {
                // RFC 4568 §7.1.2: the answer keeps the chosen line's tag and suite, with our own key.
                media.Attributes.Add((crypto with { Key = srtpKey! }).ToAttribute());
            }

            media.Direction = ours;
            sdp.Media.Add(media);
        }

        var (rtp, rtcp) = RemoteEndPoints(offered, offerConnection);
        negotiated = new NegotiatedAudio(rtp, rtcp, codecPt, codec, tePt, _options.Ptime, ours)
        {
            Srtp = crypto is null ? null : new NegotiatedSrtp(crypto.Suite, srtpKey!, crypto.Key),
        };
        answer = sdp;
        return true;
    }

    /// <summary>
    /// Applies the remote answer to our offer (RFC 3264 §7): the codec is the first payload type of
    /// the answer that we offered, the direction is the answer's reversed and limited to what we offered.
    /// </summary>
    public bool TryApplyAnswer(
        SessionDescription offer,
        SessionDescription answer,
        [NotNullWhen(true)] out NegotiatedAudio? negotiated,
        [NotNullWhen(false)] out NegotiationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        negotiated = null;
        failure = null;
        var index = offer.Media.FindIndex(m => IsAudioRtp(m) && m.Port != 0);
        if (index < 0)
        {
            failure = new NegotiationFailure(NegotiationFailureKind.NoAudioStream, "our offer has no audio stream");
            return false;
        }

        if (answer.Media.Count != offer.Media.Count)
        {
            failure = new NegotiationFailure(NegotiationFailureKind.AnswerMismatch, $"answer has {answer.Media.Count} media sections, offer had {offer.Media.Count}");
            return false;
        }

        var ours = offer.Media[index];
        var theirs = answer.Media[index];
        if (theirs.Port == 0)
        {
            failure = new NegotiationFailure(NegotiationFailureKind.StreamRejected, "the answer rejected the audio stream (port 0)");
            return false;
        }

        int? codecPt = null;
        AudioCodec codec = default;
        foreach (var format in theirs.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
                && ours.Formats.Contains(format)
                && TryResolveCodec(theirs, pt, out codec))
            {
                codecPt = pt;
                break;
            }
        }

        if (codecPt is null)
        {
            failure = new NegotiationFailure(NegotiationFailureKind.NoCommonCodec, $"answer formats {string.Join(' ', theirs.Formats)} contain none of our codecs");
            return false;
        }

        if (!TryMatchCrypto(ours, theirs, out var srtp, out failure))
        {
            return false;
        }

        var connection = answer.GetConnection(theirs);
        if (connection is null || (!connection.IsLegacyHold && !connection.TryGetIPAddress(out _)))
        {
            failure = new NegotiationFailure(NegotiationFailureKind.NoConnectionAddress, "the answer has no numeric connection address for audio");
            return false;
        }

        var answerDirection = EffectiveDirection(answer.GetDirection(theirs), connection);
        var offeredDirection = offer.GetDirection(ours);
        var direction = MediaDirectionExtensions.FromCapabilities(
            answerDirection.CanReceive() && offeredDirection.CanSend(),
            answerDirection.CanSend() && offeredDirection.CanReceive());
        var tePt = FindTelephoneEvent(theirs);
        if (tePt is { } te && !ours.Formats.Contains(te.ToString(CultureInfo.InvariantCulture)))
        {
            tePt = null;
        }

        var (rtp, rtcp) = RemoteEndPoints(theirs, connection);
        negotiated = new NegotiatedAudio(rtp, rtcp, codecPt.Value, codec, tePt, _options.Ptime, direction) { Srtp = srtp };
        return true;
    }

    /// <summary>RFC 4568 §7.1.3: the answer's crypto line must carry the tag and suite of one we offered.</summary>
    private static bool TryMatchCrypto(MediaDescription ours, MediaDescription theirs, out NegotiatedSrtp? srtp, [NotNullWhen(false)] out NegotiationFailure? failure)
    {
        srtp = null;
        failure = null;
        if (!IsSecure(ours))
        {
            if (IsSecure(theirs))
            {
                failure = new NegotiationFailure(NegotiationFailureKind.AnswerMismatch, $"we offered plain RTP and the answer is {theirs.Protocol}");
                return false;
            }

            return true;
        }

        if (!IsSecure(theirs))
        {
            failure = new NegotiationFailure(NegotiationFailureKind.EncryptionRequired, $"we offered SRTP and the answer is plain {theirs.Protocol}");
            return false;
        }

        var answered = SdpCrypto.ReadAll(theirs).FirstOrDefault();
        var offered = answered is null ? null : SdpCrypto.ReadAll(ours).FirstOrDefault(c => c.Tag == answered.Tag && c.Suite == answered.Suite);
        if (answered is null || offered is null)
        {
            failure = new NegotiationFailure(NegotiationFailureKind.NoCommonCrypto, "the answer has no a=crypto line matching one we offered");
            return false;
        }

        srtp = new NegotiatedSrtp(offered.Suite, offered.Key, answered.Key);
        return true;
    }

    private bool TryPickCodec(MediaDescription offered, out AudioCodec codec, out int payloadType)
    {
        foreach (var wanted in _options.CodecPreference)
        {
            foreach (var format in offered.Formats)
            {
                if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
                    && TryResolveCodec(offered, pt, out var found) && found == wanted)
                {
                    codec = found;
                    payloadType = pt;
                    return true;
                }
            }
        }

        codec = default;
        payloadType = -1;
        return false;
    }

    private static bool TryResolveCodec(MediaDescription media, int payloadType, out AudioCodec codec)
    {
        if (media.GetRtpMap(payloadType) is { } map)
        {
            return AudioCodecInfo.TryFromEncoding(map.EncodingName, map.ClockRate, out codec)
                && (map.Parameters is null || map.Parameters == "1");
        }

        // RFC 3551: static payload types may come without rtpmap.
        codec = payloadType == 8 ? AudioCodec.Pcma : AudioCodec.Pcmu;
        return payloadType is 0 or 8;
    }

    private static int? FindTelephoneEvent(MediaDescription media)
    {
        foreach (var map in media.RtpMaps)
        {
            if (string.Equals(map.EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == 8000
                && media.Formats.Contains(map.PayloadType.ToString(CultureInfo.InvariantCulture)))
            {
                return map.PayloadType;
            }
        }

        return null;
    }

    private static MediaDirection EffectiveDirection(MediaDirection written, SdpConnection connection) =>
        // RFC 3264 §8.4: c=0.0.0.0 means the writer does not want to receive.
        connection.IsLegacyHold ? MediaDirectionExtensions.FromCapabilities(written.CanSend(), false) : written;

    private static (IPEndPoint? Rtp, IPEndPoint? Rtcp) RemoteEndPoints(MediaDescription media, SdpConnection connection)
    {
        if (connection.IsLegacyHold || !connection.TryGetIPAddress(out var address) || address is null)
        {
            return (null, null);
        }

        var rtp = new IPEndPoint(address, media.Port);
        var rtcp = new IPEndPoint(address, Math.Min(media.Port + 1, 65535));

        // RFC 3605: a=rtcp:PORT [IN IP4 ADDRESS].
        if (media.GetAttribute("rtcp") is { } value)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                var rtcpAddress = parts.Length >= 4 && IPAddress.TryParse(parts[3], out var a) ? a : address;
                rtcp = new IPEndPoint(rtcpAddress, port);
            }
        }

        return (rtp, rtcp);
    }

    private SessionDescription NewDescription(IPEndPoint localRtp, SdpOrigin origin)
    {
        var sdp = new SessionDescription
        {
            Origin = origin,
            SessionName = _options.SessionName,
            Connection = SdpConnection.FromAddress(localRtp.Address),
        };
        sdp.Timings.Add("0 0");
        return sdp;
    }

    private static void AddTelephoneEvent(MediaDescription media, int payloadType, string events)
    {
        media.Formats.Add(payloadType.ToString(CultureInfo.InvariantCulture));
        media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(payloadType, "telephone-event", 8000).ToString()));
        media.Attributes.Add(new SdpAttribute("fmtp", payloadType.ToString(CultureInfo.InvariantCulture) + " " + events));
    }

    private static bool IsAudioRtp(MediaDescription media) =>
        string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase)
        && (string.Equals(media.Protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase)
            || string.Equals(media.Protocol, "RTP/AVPF", StringComparison.OrdinalIgnoreCase)
            || IsSecure(media));

    /// <summary>The SRTP profiles keyed by SDES (RFC 3711 §12, RFC 5124).</summary>
    private static bool IsSecure(MediaDescription media) =>
        string.Equals(media.Protocol, "RTP/SAVP", StringComparison.OrdinalIgnoreCase)
        || string.Equals(media.Protocol, "RTP/SAVPF", StringComparison.OrdinalIgnoreCase);
}
