namespace CtiConnector.Sip.Messages;

/// <summary>Builds responses to requests (RFC 3261 §8.2.6).</summary>
public static class SipResponseFactory
{
    /// <summary>
    /// A response copying Via, From, To, Call-ID and CSeq from the request; a To tag is added to
    /// non-100 responses that lack one (pass <paramref name="toTag"/> to keep a dialog's tag).
    /// </summary>
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase ?? SipStatus.DefaultReason(statusCode));
        response.Headers.CopyFrom(request.Headers, HeaderId.Via);
        if (request.Headers[HeaderId.From] is { } from)
        {
            response.Headers.Add(HeaderId.From, from);
        }

        if (request.Headers[HeaderId.To] is { } to)
        {
            if (statusCode > 100 && request.ToTag is null && NameAddress.TryParse(to, out var toAddress))
            {
                toAddress.Tag = toTag ?? SipIdentifiers.NewTag();
                response.Headers.Add(HeaderId.To, toAddress.ToString());
            }
            else
            {
                response.Headers.Add(HeaderId.To, to);
            }
        }

        if (request.CallId is { } callId)
        {
            response.Headers.Add(HeaderId.CallId, callId);
        }

        if (request.Headers[HeaderId.CSeq] is { } cseq)
        {
            response.Headers.Add(HeaderId.CSeq, cseq);
        }

        // RFC 3261 §8.2.6.1: a Timestamp is echoed in a 100.
        if (statusCode == 100 && request.Headers[HeaderId.Timestamp] is { } timestamp)
        {
            response.Headers.Add(HeaderId.Timestamp, timestamp);
        }

        response.Source = request.Source;
        return response;
    }
}
