using System.Globalization;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Dialogs;

/// <summary>
/// A dialog (RFC 3261 §12): identified by Call-ID and both tags, with the route set, the remote target
/// and the two CSeq spaces. Builds in-dialog requests and checks the order of incoming ones.
/// </summary>
public sealed class Dialog
{
    private readonly object _gate = new();

    private Dialog(string callId, string localTag, string remoteTag, NameAddress local, NameAddress remote, SipUri remoteTarget, IReadOnlyList<string> routeSet, long localSeq, long? remoteSeq, TransportKind transport)
    {
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        Local = local;
        Remote = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        LocalSeq = localSeq;
        RemoteSeq = remoteSeq;
        Transport = transport;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    public string RemoteTag { get; }

    /// <summary>Our From (UAC) or To (UAS) address, with our tag.</summary>
    public NameAddress Local { get; }

    /// <summary>The peer's address, with its tag.</summary>
    public NameAddress Remote { get; }

    /// <summary>The peer's Contact: where in-dialog requests go (updated by target-refresh requests).</summary>
    public SipUri RemoteTarget { get; private set; }

    /// <summary>Record-Route values in the order in-dialog requests carry them as Route.</summary>
    public IReadOnlyList<string> RouteSet { get; }

    public long LocalSeq { get; private set; }

    public long? RemoteSeq { get; private set; }

    /// <summary>The transport the dialog was set up over: in-dialog requests use it unless the target says otherwise.</summary>
    public TransportKind Transport { get; }

    public string Id => DialogId(CallId, LocalTag, RemoteTag);

    public static string DialogId(string callId, string localTag, string remoteTag) => callId + "|" + localTag + "|" + remoteTag;

    /// <summary>§12.1.2: the UAC's dialog from a 2xx/1xx with a To tag; the route set is Record-Route reversed.</summary>
    public static Dialog CreateAsUac(SipRequest request, SipResponse response, TransportKind transport)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var routes = response.Headers.GetValues(HeaderId.RecordRoute).Reverse().ToList();
        var target = ContactUri(response) ?? request.RequestUri!;
        return new Dialog(
            request.CallId!,
            request.FromTag!,
            response.ToTag ?? string.Empty,
            request.From!.Clone(),
            response.To!.Clone(),
            target,
            routes,
            request.CSeq!.Value.Number,
            null,
            transport);
    }

    /// <summary>§12.1.1: the UAS's dialog from the request and our tag; the route set is Record-Route in order.</summary>
    public static Dialog CreateAsUas(SipRequest request, string localTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        var routes = request.Headers.GetValues(HeaderId.RecordRoute).ToList();
        var target = ContactUri(request) ?? request.From!.Uri;
        var local = request.To!.Clone();
        local.Tag = localTag;
        return new Dialog(
            request.CallId!,
            localTag,
            request.FromTag ?? string.Empty,
            local,
            request.From!.Clone(),
            target,
            routes,
            Random.Shared.Next(1, 10000),
            request.CSeq!.Value.Number,
            request.Source?.Transport ?? TransportKind.Udp);
    }

    /// <summary>
    /// Builds an in-dialog request (§12.2.1.1): Request-URI is the remote target, Route is the route set,
    /// From/To carry the tags, CSeq goes up by one (ACK and CANCEL pass <paramref name="cseq"/>).
    /// </summary>
    public SipRequest CreateRequest(string method, ViaHeader via, NameAddress contact, long? cseq = null)
    {
        ArgumentNullException.ThrowIfNull(via);
        ArgumentNullException.ThrowIfNull(contact);
        long number;
        lock (_gate)
        {
            number = cseq ?? ++LocalSeq;
        }

        var request = new SipRequest(method, RemoteTarget.Clone());
        request.Headers.Add(HeaderId.Via, via.ToString());
        request.Headers.Add(HeaderId.MaxForwards, "70");
        foreach (var route in RouteSet)
        {
            request.Headers.Add(HeaderId.Route, route);
        }

        request.Headers.Add(HeaderId.From, Local.ToString());
        request.Headers.Add(HeaderId.To, Remote.ToString());
        request.Headers.Add(HeaderId.CallId, CallId);
        request.Headers.Add(HeaderId.CSeq, number.ToString(CultureInfo.InvariantCulture) + " " + method);
        if (method is not (SipMethods.Ack or SipMethods.Cancel or SipMethods.Bye))
        {
            request.Headers.Add(HeaderId.Contact, contact.ToString());
        }

        return request;
    }

    /// <summary>Where an in-dialog request goes first: the top route (loose routing, RFC 3261 §16.12) or the remote target.</summary>
    public SipUri NextHop
    {
        get
        {
            if (RouteSet.Count > 0 && NameAddress.TryParse(RouteSet[0], out var route))
            {
                return route.Uri;
            }

            return RemoteTarget;
        }
    }

    /// <summary>
    /// §12.2.2: accepts an in-dialog request whose CSeq is higher than the last one (ACK and CANCEL are exempt);
    /// false means the request is out of order and gets a 500.
    /// </summary>
    public bool AcceptRemoteSequence(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethods.Ack or SipMethods.Cancel || request.CSeq is not { } cseq)
        {
            return true;
        }

        lock (_gate)
        {
            if (RemoteSeq is { } last && cseq.Number <= last)
            {
                return false;
            }

            RemoteSeq = cseq.Number;
            return true;
        }
    }

    /// <summary>A target-refresh request or response (re-INVITE, UPDATE, their 2xx) moves the remote target (§12.2).</summary>
    public void RefreshTarget(SipMessage message)
    {
        if (ContactUri(message) is { } uri)
        {
            RemoteTarget = uri;
        }
    }

    private static SipUri? ContactUri(SipMessage message)
    {
        var contacts = message.Headers.GetValues(HeaderId.Contact);
        return contacts.Count > 0 && NameAddress.TryParse(contacts[0], out var contact) ? contact.Uri : null;
    }
}
