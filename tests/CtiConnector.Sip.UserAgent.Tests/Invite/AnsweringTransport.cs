using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;
using CtiConnector.Testing.SipDoubles;

namespace CtiConnector.Sip.UserAgent.Tests.Invite;

/// <summary>
/// An in-memory transport whose peer answers each INVITE from inside the send call, before it returns: what a
/// user agent on the same host does when its reply overtakes the sender's bookkeeping. Everything else is
/// recorded as <see cref="InMemoryTransport"/> does.
/// </summary>
internal sealed class AnsweringTransport(Func<SipRequest, IReadOnlyList<SipResponse>> answer) : ISipTransport
{
    public InMemoryTransport Inner { get; } = new();

    public void SetSink(ISipMessageSink sink) => Inner.SetSink(sink);

    public SipEndPoint? GetLocalEndPoint(TransportKind transport) => Inner.GetLocalEndPoint(transport);

    public async ValueTask SendRequestAsync(SipRequest request, SipEndPoint destination, CancellationToken cancellationToken)
    {
        await Inner.SendRequestAsync(request, destination, cancellationToken).ConfigureAwait(false);
        if (request.Method == SipMethods.Invite)
        {
            foreach (var response in answer(request))
            {
                Inner.Deliver(response, destination);
            }
        }
    }

    public ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken) =>
        Inner.SendResponseAsync(response, cancellationToken);
}
