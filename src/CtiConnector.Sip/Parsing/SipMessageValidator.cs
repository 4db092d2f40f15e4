using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.Parsing;

/// <summary>The verdict on a received message.</summary>
/// <param name="StatusCode">0 when the message is acceptable; otherwise the response to send (400, 416, 505...).</param>
/// <param name="Reason">Why, in words that also go into the reason phrase.</param>
/// <param name="CanRespond">False when the message is too broken to answer (no usable Via, for instance): drop it.</param>
public readonly record struct SipValidation(int StatusCode, string Reason, bool CanRespond)
{
    public static SipValidation Ok { get; } = new(0, string.Empty, true);

    public bool IsValid => StatusCode == 0;
}

/// <summary>
/// Checks what the parser leaves to semantics (RFC 3261 §8.2, §16.3; RFC 4475): mandatory headers,
/// CSeq, Content-Length, URI scheme, version, method. Stops malformed messages at the transport so that
/// nothing malformed reaches transactions or dialogs.
/// </summary>
public static class SipMessageValidator
{
    private static readonly HeaderId[] s_singletons = [HeaderId.From, HeaderId.To, HeaderId.CallId, HeaderId.CSeq];

    /// <summary>Single-valued headers that may be absent (RFC 3261 §20: Max-Forwards, Expires, Content-Type).</summary>
    private static readonly HeaderId[] s_atMostOnce = [HeaderId.MaxForwards, HeaderId.Expires, HeaderId.ContentType];

    /// <summary>
    /// Validates a received message. Responses are never answered: a bad one is simply dropped; nor is
    /// an ACK (RFC 3261 §17.2.1), nor a request without a usable top Via, which says where to answer
    /// (§18.2.2). A request missing From, To, Call-ID or CSeq is still answered 400, as the invalid-message
    /// torture tests expect (RFC 4475 §3.1.2); the response copies whatever of them is there (§8.2.6.2).
    /// </summary>
    public static SipValidation Validate(SipMessage message, bool isStream)
    {
        ArgumentNullException.ThrowIfNull(message);
        var canRespond = message is SipRequest { Method: not SipMethods.Ack } && message.TopVia is not null;

        var verdict = Check(message, isStream);
        return verdict.IsValid ? verdict : verdict with { CanRespond = canRespond && verdict.CanRespond };
    }

    private static SipValidation Check(SipMessage message, bool isStream)
    {
        // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards (tolerated when absent) and Via.
        if (message.Headers.CountOf(HeaderId.Via) == 0 || message.TopVia is null)
        {
            return Bad("Missing or malformed Via", canRespond: false);
        }

        foreach (var id in s_singletons)
        {
            var count = message.Headers.CountOf(id);
            if (count == 0)
            {
                return Bad("Missing " + HeaderNames.Canonical(id));
            }

            if (count > 1)
            {
                return Bad("Duplicate " + HeaderNames.Canonical(id));
            }
        }

        foreach (var id in s_atMostOnce)
        {
            if (message.Headers.CountOf(id) > 1)
            {
                return Bad("Duplicate " + HeaderNames.Canonical(id));
            }
        }

        if (message.From is null)
        {
            return Bad("Malformed From");
        }

        if (message.To is null)
        {
            return Bad("Malformed To");
        }

        if (string.IsNullOrWhiteSpace(message.CallId))
        {
            return Bad("Empty Call-ID");
        }

        if (message.CSeq is not { } cseq)
        {
            return Bad("Malformed CSeq");
        }

        // Content-Length (RFC 3261 §18.3, §20.14).
        var lengths = message.Headers.CountOf(HeaderId.ContentLength);
        if (lengths > 1)
        {
            return Bad("Duplicate Content-Length");
        }

        if (lengths == 1)
        {
            if (message.ContentLength is not { } length)
            {
                return Bad("Malformed Content-Length");
            }

            if (!isStream && length > message.Body.Length)
            {
                return Bad("Content-Length larger than the message");
            }
        }

        var vias = message.Headers.GetValues(HeaderId.Via);
        foreach (var via in vias)
        {
            if (!ViaHeader.TryParse(via, out _))
            {
                return Bad("Malformed Via");
            }
        }

        if (message is SipResponse)
        {
            return message.Version.Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)
                ? SipValidation.Ok
                : Bad("Unsupported version", canRespond: false);
        }

        var request = (SipRequest)message;
        if (!request.Version.Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return new SipValidation(505, "Version Not Supported", true);
        }

        if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return Bad("CSeq method does not match the request method");
        }

        var uri = request.RequestUri;
        if (uri is null)
        {
            return Bad("Malformed Request-URI");
        }

        if (!uri.IsSip && !uri.IsTel)
        {
            return new SipValidation(416, "Unsupported URI Scheme", true);
        }

        if (request.Headers[HeaderId.MaxForwards] is { } maxForwards
            && (!int.TryParse(maxForwards, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hops) || hops > 255))
        {
            return Bad("Malformed Max-Forwards");
        }

        if (request.Headers[HeaderId.Expires] is { } expires && request.Expires is null)
        {
            return Bad("Malformed Expires");
        }

        foreach (var contact in request.Headers.GetValues(HeaderId.Contact))
        {
            if (contact != "*" && !NameAddress.TryParse(contact, out _))
            {
                return Bad("Malformed Contact");
            }
        }

        return SipValidation.Ok;
    }

    private static SipValidation Bad(string reason, bool canRespond = true) => new(400, "Bad Request - " + reason, canRespond);
}
