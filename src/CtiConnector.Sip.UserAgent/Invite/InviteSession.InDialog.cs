using System.Globalization;
using System.Text;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>In-dialog requests both ways: BYE, re-INVITE and UPDATE (hold/resume), INFO (DTMF), REFER and NOTIFY (transfer).</summary>
public sealed partial class InviteSession
{
    private const string InfoBodyTypes = "application/dtmf-relay, application/dtmf";
    private ServerInviteTransaction? _reinviteServer;
    private int _reinviteInProgress;

    internal void OnInDialogRequest(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (Dialog is null || !Dialog.AcceptRemoteSequence(request))
        {
            transaction.Respond(500, "Server Internal Error - CSeq out of order");
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Bye:
                transaction.Respond(200);
                Finish(new SessionEnd(SessionEndCause.RemoteHangup, 0, "the other side hung up"));
                break;
            case SipMethods.Invite or SipMethods.Update:
                OnRemoteOffer(transaction);
                break;
            case SipMethods.Info:
                OnInfo(transaction);
                break;
            case SipMethods.Refer:
                OnRefer(transaction);
                break;
            case SipMethods.Notify:
                OnNotify(transaction);
                break;
            case SipMethods.Options:
                var options = SipResponseFactory.Create(request, 200);
                options.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
                transaction.SendResponse(options);
                break;
            default:
                var refused = SipResponseFactory.Create(request, SipMethods.IsKnown(request.Method) ? 405 : 501);
                refused.Headers.Add(HeaderId.Allow, SipMethods.Allowed);
                transaction.SendResponse(refused);
                break;
        }
    }

    /// <summary>Sends a re-INVITE with <paramref name="sdp"/> (hold, resume) and returns the peer's answer, or null when refused.</summary>
    public async Task<string?> ReinviteAsync(string sdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        if (State != InviteSessionState.Confirmed || Dialog is null)
        {
            return null;
        }

        if (Interlocked.Exchange(ref _reinviteInProgress, 1) == 1)
        {
            return null;
        }

        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                // RFC 4028 §7.4: a refresh (any re-INVITE while a session timer runs) restates the interval.
                IReadOnlyList<KeyValuePair<string, string>>? timer = SessionInterval is { } interval
                    ? [new("Session-Expires", ((int)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + ";refresher=uac"), new("Supported", "timer")]
                    : null;
                var (response, request) = await SendInDialogAsync(SipMethods.Invite, "application/sdp", sdp, cancellationToken, timer).ConfigureAwait(false);
                if (response.IsSuccess)
                {
                    Dialog.RefreshTarget(response);
                    if (SessionInterval is not null)
                    {
                        ReadSessionTimerFromAnswer(response);
                    }

                    var ack = Dialog.CreateRequest(SipMethods.Ack, NewVia(), OurContact(), request.CSeq!.Value.Number);
                    if (TryDialogDestination(out var destination, out _))
                    {
                        _core.Transactions.SendAck(ack, destination);
                    }

                    if (!response.Body.IsEmpty)
                    {
                        RemoteSdp = response.BodyText;
                    }

                    return RemoteSdp;
                }

                if (response.StatusCode == 491)
                {
                    // §14.1: glare; wait a random 2.1–4 s (we own the Call-ID) or 0–2 s, then try again.
                    var wait = TimeSpan.FromMilliseconds(Random.Shared.Next(IsOutgoing ? 2100 : 0, IsOutgoing ? 4000 : 2000));
                    await Task.Delay(wait, _core.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (response.StatusCode is 408 or 481)
                {
                    // §12.2.1.2: the dialog is gone.
                    SendBye(new SessionEnd(SessionEndCause.Failed, response.StatusCode, "the other side lost the call (" + response.StatusLine + ")"));
                }

                return null;
            }

            return null;
        }
        finally
        {
            Volatile.Write(ref _reinviteInProgress, 0);
        }
    }

    /// <summary>Asks the peer to call <paramref name="target"/> (REFER, RFC 3515). True when accepted (202); progress arrives via <see cref="TransferProgress"/>.</summary>
    public async Task<bool> ReferAsync(SipUri target, string? replaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (State != InviteSessionState.Confirmed || Dialog is null)
        {
            return false;
        }

        var referTo = target.Clone();
        if (replaces is not null)
        {
            referTo.Headers = "Replaces=" + Uri.EscapeDataString(replaces);
        }

        var (response, _) = await SendInDialogAsync(
            SipMethods.Refer,
            null,
            null,
            cancellationToken,
            [new(HeaderNames.Canonical(HeaderId.ReferTo), "<" + referTo + ">"), new(HeaderNames.Canonical(HeaderId.ReferredBy), Dialog.Local.Uri.ToString())]).ConfigureAwait(false);
        return response.IsSuccess;
    }

    /// <summary>Tells the peer how a transfer it asked for is going (NOTIFY with a sipfrag, RFC 3515 §2.4.4).</summary>
    public async Task NotifyReferProgressAsync(int statusCode, CancellationToken cancellationToken)
    {
        if (State != InviteSessionState.Confirmed || Dialog is null)
        {
            return;
        }

        var state = statusCode >= 200 ? "terminated;reason=noresource" : "active;expires=60";
        var fragment = $"SIP/2.0 {statusCode.ToString(CultureInfo.InvariantCulture)} {SipStatus.DefaultReason(statusCode)}\r\n";
        await SendInDialogAsync(
            SipMethods.Notify,
            "message/sipfrag;version=2.0",
            fragment,
            cancellationToken,
            [new("Event", "refer"), new("Subscription-State", state)]).ConfigureAwait(false);
    }

    /// <summary>Sends DTMF as SIP INFO (application/dtmf-relay), for peers without RFC 4733.</summary>
    public async Task<bool> SendInfoDtmfAsync(char digit, CancellationToken cancellationToken)
    {
        var body = $"Signal={digit}\r\nDuration=160\r\n";
        var (response, _) = await SendInDialogAsync(SipMethods.Info, "application/dtmf-relay", body, cancellationToken).ConfigureAwait(false);
        return response.IsSuccess;
    }

    private void SendBye(SessionEnd end)
    {
        if (Dialog is null || State == InviteSessionState.Terminated)
        {
            Finish(end);
            return;
        }

        var bye = Dialog.CreateRequest(SipMethods.Bye, NewVia(), OurContact());
        if (_auth.HasChallenges)
        {
            _auth.Authorize(bye);
        }

        _core.AddCommonHeaders(bye);
        if (TryDialogDestination(out var destination, out _))
        {
            _core.Transactions.SendRequest(bye, destination, new ClientCallbacks(
                (_, response) =>
                {
                    if (response.StatusCode is 401 or 407 && _auth.TryAnswer(response))
                    {
                        var retry = Dialog.CreateRequest(SipMethods.Bye, NewVia(), OurContact());
                        _auth.Authorize(retry);
                        _core.Transactions.SendRequest(retry, destination, new ClientCallbacks((_, _) => { }, (_, _, _) => { }));
                    }
                },
                (_, _, _) => { }));
        }

        Finish(end);
    }

    private async Task<(SipResponse Response, SipRequest Request)> SendInDialogAsync(
        string method,
        string? contentType,
        string? body,
        CancellationToken cancellationToken,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        SipRequest Build()
        {
            var request = Dialog!.CreateRequest(method, NewVia(), OurContact());
            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.Add(name, value);
            }

            if (contentType is not null && body is not null)
            {
                request.SetBody(contentType, Encoding.UTF8.GetBytes(body));
            }

            if (_auth.HasChallenges)
            {
                _auth.Authorize(request);
            }

            _core.AddCommonHeaders(request);
            return request;
        }

        if (!TryDialogDestination(out var destination, out var error))
        {
            return (new SipResponse(503, error), Build());
        }

        for (var attempt = 0; ; attempt++)
        {
            var request = Build();
            var (handler, final) = ClientCallbacks.ForFinalResponse();
            _core.Transactions.SendRequest(request, destination, handler);
            var response = await final.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is 401 or 407 && attempt == 0 && _auth.TryAnswer(response))
            {
                continue;
            }

            if (!response.IsProvisional && response.StatusCode is not (401 or 407))
            {
                _auth.OnAccepted();
            }

            return (response, request);
        }
    }

    private void OnRemoteOffer(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (Interlocked.CompareExchange(ref _reinviteInProgress, 0, 0) == 1)
        {
            // §14.2: an offer while ours is pending.
            transaction.Respond(491);
            return;
        }

        var offer = request.Body.IsEmpty ? null : request.BodyText;
        var answer = OfferHandler?.Invoke(offer);
        if (answer is null)
        {
            transaction.Respond(488);
            return;
        }

        Dialog!.RefreshTarget(request);
        if (offer is not null)
        {
            RemoteSdp = offer;
        }

        var response = SipResponseFactory.Create(request, 200, toTag: LocalTag);
        response.Headers.Add(HeaderId.Contact, OurContact().ToString());
        AddSessionTimerToAnswer(request, response);
        _core.AddCommonHeaders(response);
        response.SetBody("application/sdp", Encoding.UTF8.GetBytes(answer));
        if (transaction is ServerInviteTransaction invite)
        {
            _reinviteServer = invite;
        }

        transaction.SendResponse(response);
        if (offer is not null)
        {
            RemoteUpdated?.Invoke(this);
        }
    }

    /// <summary>
    /// SIP INFO without an Info-Package (the legacy use RFC 6086 §2 allows): DTMF as <c>application/dtmf-relay</c>
    /// (<c>Signal=5\r\nDuration=160</c>) or <c>application/dtmf</c> (<c>5</c>). A digit is answered 200 and raised
    /// once; an empty INFO (a keep-alive) gets 200; another body type gets 415 with the types we accept (RFC 3261
    /// §21.4.13); a DTMF body without a digit gets 400, except a hook flash (signal 16), which is accepted silently.
    /// </summary>
    private void OnInfo(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Body.IsEmpty)
        {
            transaction.Respond(200);
            return;
        }

        var type = MediaTypeOf(request.ContentType);
        string? signal = type switch
        {
            "application/dtmf-relay" => DtmfRelaySignal(request.BodyText),
            "application/dtmf" => request.BodyText.Trim(),
            _ => null,
        };
        if (type is not ("application/dtmf-relay" or "application/dtmf"))
        {
            var unsupported = SipResponseFactory.Create(request, 415);
            unsupported.Headers.Add(HeaderId.Accept, InfoBodyTypes);
            transaction.SendResponse(unsupported);
            return;
        }

        var digit = signal is null ? null : NormaliseDigit(signal);
        if (digit is null)
        {
            transaction.Respond(signal == "16" ? 200 : 400, signal == "16" ? null : "Bad Request - no DTMF digit");
            return;
        }

        transaction.Respond(200);
        DtmfReceived?.Invoke(this, digit.Value);
    }

    /// <summary>The type/subtype of a Content-Type, lower case, without parameters.</summary>
    private static string MediaTypeOf(string? contentType)
    {
        if (contentType is null)
        {
            return string.Empty;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static string? DtmfRelaySignal(string body)
    {
        foreach (var line in body.Split('\n'))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                return parts[1];
            }
        }

        return null;
    }

    private static char? NormaliseDigit(string value) => value switch
    {
        "10" => '*',
        "11" => '#',
        _ when value.Length == 1 && "0123456789*#ABCDabcd".Contains(value[0], StringComparison.Ordinal) => char.ToUpperInvariant(value[0]),
        _ => null,
    };

    private void OnRefer(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (!NameAddress.TryParse(request.Headers[HeaderId.ReferTo], out var referTo))
        {
            transaction.Respond(400, "Bad Request - Refer-To");
            return;
        }

        string? replaces = null;
        var target = referTo.Uri.Clone();
        if (target.Headers is { } embedded)
        {
            foreach (var part in embedded.Split('&'))
            {
                var kv = part.Split('=', 2);
                if (kv.Length == 2 && kv[0].Equals("Replaces", StringComparison.OrdinalIgnoreCase))
                {
                    replaces = Uri.UnescapeDataString(kv[1]);
                }
            }

            target.Headers = null;
        }

        transaction.Respond(202);
        Referred?.Invoke(this, new ReferRequest(target, replaces, request.Headers[HeaderId.ReferredBy]));
    }

    private void OnNotify(ServerTransaction transaction)
    {
        var request = transaction.Request;
        transaction.Respond(200);
        if (request.Headers[HeaderId.Event] is { } ev && ev.StartsWith("refer", StringComparison.OrdinalIgnoreCase))
        {
            var body = request.BodyText;
            if (body.StartsWith("SIP/2.0 ", StringComparison.OrdinalIgnoreCase) && body.Length >= 11
                && int.TryParse(body.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                TransferProgress?.Invoke(this, status);
            }
        }
    }
}
