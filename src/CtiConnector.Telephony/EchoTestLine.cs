using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Invite;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony;

/// <summary>
/// The built-in test line: a second, tiny user agent on its own loopback port that answers every call and
/// sends back what it hears. Dialling <c>echo</c> (or <c>*43</c>) makes a real SIP call with real RTP to it,
/// so a new user hears their own voice before configuring any provider.
/// </summary>
internal sealed class EchoTestLine : IAsyncDisposable
{
    private readonly TelephonyOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly CallMediaFactory _media;
    private readonly List<(InviteSession Session, ICallMedia Media)> _calls = [];
    private SipTransportLayer? _transport;

    public EchoTestLine(TelephonyOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _media = new CallMediaFactory(options, loggerFactory, time, device: "echo");
    }

    /// <summary><c>sip:echo@127.0.0.1:PORT</c>.</summary>
    public SipUri Uri { get; private set; } = SipUri.Sip("echo", "127.0.0.1");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _transport = new SipTransportLayer(
            new SipTransportOptions { Address = _options.Address, Port = 0, EnableTcp = false },
            _loggerFactory.CreateLogger<SipTransportLayer>(),
            _time);
        await _transport.StartAsync(cancellationToken).ConfigureAwait(false);
        var transactions = new TransactionLayer(_transport, _time);
        var userAgent = new UserAgentCore(transactions, new UserAgentOptions { Product = _options.Product + " test line", ContactUser = "echo" });
        userAgent.IncomingCall += Answer;
        Uri = SipUri.Sip("echo", _options.Address.ToString(), _transport.Port);
    }

    public async ValueTask DisposeAsync()
    {
        (InviteSession Session, ICallMedia Media)[] calls;
        lock (_calls)
        {
            calls = [.. _calls];
            _calls.Clear();
        }

        foreach (var (session, media) in calls)
        {
            session.Hangup();
            await media.DisposeAsync().ConfigureAwait(false);
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Answer(InviteSession session)
    {
        ICallMedia media;
        try
        {
            // The built-in line offers nothing itself and takes SRTP when the agent's call offers it.
            media = _media.Create();
        }
        catch (Media.MediaException)
        {
            session.Reject(503, "Service Unavailable");
            return;
        }

        lock (_calls)
        {
            _calls.Add((session, media));
        }

        session.OfferHandler = offer => offer is null ? media.CreateOffer(false) : media.CreateAnswer(offer, false);
        session.Established += _ => media.Start();
        session.Ended += (_, _) =>
        {
            lock (_calls)
            {
                _calls.RemoveAll(c => ReferenceEquals(c.Session, session));
            }

            _ = media.DisposeAsync().AsTask();
        };

        var answer = session.RemoteSdp is { } remoteOffer ? media.CreateAnswer(remoteOffer, false) : media.CreateOffer(false);
        if (answer is null)
        {
            session.Reject(488);
            return;
        }

        session.Ring();
        session.Accept(answer);
    }
}
