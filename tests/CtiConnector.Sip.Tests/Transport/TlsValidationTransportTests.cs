using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Tests.Transactions;
using CtiConnector.Sip.Transport;
using CtiConnector.Testing.Tls;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>
/// The transport's own certificate check in a real handshake on loopback (no validation callback given): a server whose
/// certificate a test CA issued is accepted when the CA is trusted, refused with the reason otherwise; a sips:
/// Request-URI never leaves over anything but TLS.
/// </summary>
public sealed class TlsValidationTransportTests : IAsyncDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("CTI Transport Test CA");
    private readonly List<LoopbackEndpoint> _endpoints = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints)
        {
            await endpoint.DisposeAsync();
        }

        _ca.Dispose();
    }

    [Fact]
    public async Task AServerCertifiedByTheTrustedCaIsAccepted()
    {
        var server = await StartServerAsync(["127.0.0.1"]);
        var client = await StartAsync(o => o.TlsCaCertificates = [_ca.Certificate]);
        var request = TestMessages.Request(SipMethods.Options, "TLS");

        await client.Transport.SendRequestAsync(request, server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value, CancellationToken.None);

        Assert.Equal(request.CallId, (await server.NextAsync()).CallId);
        Assert.Equal(200, Assert.IsType<SipResponse>(await client.NextAsync()).StatusCode);
    }

    [Fact]
    public async Task AServerOfAnUnknownCaIsRefusedWithTheReason()
    {
        var server = await StartServerAsync(["127.0.0.1"]);
        var client = await StartAsync();

        var error = await Assert.ThrowsAsync<SipTransportException>(async () =>
            await client.Transport.SendRequestAsync(TestMessages.Request(SipMethods.Options, "TLS"), server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value, CancellationToken.None));

        Assert.Contains("CN=CTI Transport Test CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a trusted certificate authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerCertifiedForAnotherNameIsRefusedWithBothNames()
    {
        var server = await StartServerAsync(["sip.other.test"]);
        var client = await StartAsync(o => o.TlsCaCertificates = [_ca.Certificate]);

        var error = await Assert.ThrowsAsync<SipTransportException>(async () =>
            await client.Transport.SendRequestAsync(TestMessages.Request(SipMethods.Options, "TLS"), server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value, CancellationToken.None));

        Assert.Contains("the certificate is for sip.other.test, not 127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASipsRequestUriIsNotSentOverUdp()
    {
        var server = await StartAsync();
        var client = await StartAsync();
        var request = TestMessages.Request(SipMethods.Options);
        request.RequestUri = SipUri.Parse("sips:bob@127.0.0.1:5061");

        var error = await Assert.ThrowsAsync<SipTransportException>(async () =>
            await client.Transport.SendRequestAsync(request, server.Udp, CancellationToken.None));

        Assert.Contains("must be reached over TLS, not UDP", error.Message, StringComparison.Ordinal);
        await client.Transport.SendRequestAsync(TestMessages.Request(SipMethods.Options), server.Udp, CancellationToken.None);
        Assert.Equal(SipMethods.Options, Assert.IsType<SipRequest>(await server.NextAsync()).Method);
    }

    [Fact]
    public async Task WithoutACertificateTheSipPortIsOurTlsSentByAndTheServerReachesUsOverOurConnection()
    {
        var server = await StartServerAsync(["127.0.0.1"]);
        server.AutoAnswer = null;
        var client = await StartAsync(o => o.TlsCaCertificates = [_ca.Certificate]);
        Assert.Equal(client.Udp.EndPoint, client.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value.EndPoint);

        await client.Transport.SendRequestAsync(TestMessages.Request(SipMethods.Register, "TLS"), server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value, CancellationToken.None);
        var register = Assert.IsType<SipRequest>(await server.NextAsync());

        // The server sends a request back to where the REGISTER came from: the client's own connection, not a new one.
        var invite = TestMessages.Request(SipMethods.Invite, "TLS");
        await server.Transport.SendRequestAsync(invite, register.Source!.Value, CancellationToken.None);
        var received = Assert.IsType<SipRequest>(await client.NextAsync());
        Assert.Equal(invite.CallId, received.CallId);
        Assert.Equal(TransportKind.Tls, received.Source!.Value.Transport);
        Assert.Equal(server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value.EndPoint, received.Source!.Value.EndPoint);
    }

    private async Task<LoopbackEndpoint> StartServerAsync(IReadOnlyList<string> names)
    {
        var certificate = _ca.IssueServer(names);
        var server = await StartAsync(o => o.TlsCertificate = certificate);
        server.AutoAnswer = 200;
        return server;
    }

    private async Task<LoopbackEndpoint> StartAsync(Action<SipTransportOptions>? configure = null)
    {
        var endpoint = await LoopbackEndpoint.StartAsync(configure);
        _endpoints.Add(endpoint);
        return endpoint;
    }
}
