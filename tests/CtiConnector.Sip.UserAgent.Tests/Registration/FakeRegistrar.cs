using CtiConnector.Testing.Time;
using CtiConnector.Testing.SipDoubles;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transactions;
using CtiConnector.Sip.UserAgent.Core;
using CtiConnector.Sip.UserAgent.Registration;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>
/// A registration client over an in-memory transport and a manual clock, with the registrar played by the test:
/// it answers the latest REGISTER with whatever status and headers the test asks for.
/// </summary>
internal sealed class FakeRegistrar
{
    public FakeRegistrar(Func<RegistrationOptions, RegistrationOptions>? configure = null, TransportKind transport = TransportKind.Udp, SipTargetResolver? resolver = null)
    {
        Transactions = new TransactionLayer(Transport, Time);
        var options = new RegistrationOptions
        {
            Aor = SipUri.Parse("sip:alice@127.0.0.1:5080"),
            Registrar = SipUri.Parse("sip:127.0.0.1:5080"),
            Credentials = [new Authentication.SipCredentials("alice", "s3cret")],
            Transport = transport,
            RetryJitter = 0,
        };
        Client = new RegistrationClient(Transactions, configure?.Invoke(options) ?? options, resolver: resolver);
        Client.StatusChanged += (_, status) => Changes.Add(status);
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>Where the client sends its REGISTERs (the registrar of the default options).</summary>
    public static SipEndPoint RegistrarEndPoint(TransportKind transport) =>
        new(transport, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5080));

    public InMemoryTransport Transport { get; } = new();

    public TransactionLayer Transactions { get; }

    public RegistrationClient Client { get; }

    public List<RegistrationStatus> Changes { get; } = [];

    /// <summary>Every REGISTER sent, once each (retransmissions over UDP left out).</summary>
    public IReadOnlyList<SipRequest> Registers =>
        [.. Transport.SentRequests.Where(r => r.Method == SipMethods.Register).DistinctBy(r => r.TopVia!.Branch)];

    public SipRequest Last => Registers[^1];

    public Task StartAsync() => Client.StartAsync(CancellationToken.None);

    /// <summary>Answers the latest REGISTER.</summary>
    public SipResponse Answer(int status, Action<SipRequest, SipResponse>? edit = null)
    {
        var request = Last;
        var response = SipResponseFactory.Create(request, status, null, "registrar");
        edit?.Invoke(request, response);
        Transport.Deliver(response, Transport.Sent.Last(s => s.Message == request).Destination);
        return response;
    }

    /// <summary>A 200 listing the request's Contact with <paramref name="expires"/> (and another UA's binding first).</summary>
    public SipResponse Accept(int expires = 3600, string? expiresHeader = null) =>
        Answer(200, (request, response) =>
        {
            var contact = NameAddress.Parse(request.Headers[HeaderId.Contact]!);
            contact.Parameters.Set("expires", expires.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.Headers.Add(HeaderId.Contact, "<sip:alice@192.0.2.44:5062>;expires=99");
            response.Headers.Add(HeaderId.Contact, contact.ToString());
            if (expiresHeader is not null)
            {
                response.Headers.Add(HeaderId.Expires, expiresHeader);
            }
        });

    public SipResponse Challenge(string nonce = "n1", bool stale = false) =>
        Answer(401, (_, response) => response.Headers.Add(
            HeaderId.WwwAuthenticate,
            $"Digest realm=\"cti.test\", nonce=\"{nonce}\", qop=\"auth\", algorithm=MD5" + (stale ? ", stale=true" : string.Empty)));
}
