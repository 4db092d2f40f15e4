using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Transport;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>TLS with a self-signed certificate made by the test; the client decides trust through its validation callback.</summary>
public sealed class TlsTransportTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateSelfSigned();
    private readonly List<string?> _validated = [];
    private LoopbackEndpoint _server = null!;
    private LoopbackEndpoint _client = null!;
    private bool _trust = true;

    public async Task InitializeAsync()
    {
        _server = await LoopbackEndpoint.StartAsync(o => o.TlsCertificate = _certificate);
        _client = await LoopbackEndpoint.StartAsync(o =>
        {
            o.TlsCertificate = _certificate;
            o.ServerCertificateValidation = Validate;
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _client.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task RequestAndResponseTravelOverTlsWhenTheCallbackTrustsTheCertificate()
    {
        _server.AutoAnswer = 200;
        var destination = _server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value;
        var request = Transactions.TestMessages.Request(SipMethods.Options, "TLS");

        await _client.Transport.SendRequestAsync(request, destination, CancellationToken.None);

        var received = await _server.NextAsync();
        Assert.Equal(TransportKind.Tls, received.Source!.Value.Transport);
        Assert.Equal(request.CallId, received.CallId);
        var response = Assert.IsType<SipResponse>(await _client.NextAsync());
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(_certificate.Thumbprint, Assert.Single(_validated));
    }

    [Fact]
    public async Task CertificateRefusedByTheCallbackFailsTheSend()
    {
        _trust = false;
        var destination = _server.Transport.GetLocalEndPoint(TransportKind.Tls)!.Value;

        var error = await Assert.ThrowsAsync<SipTransportException>(async () =>
            await _client.Transport.SendRequestAsync(Transactions.TestMessages.Request(SipMethods.Options, "TLS"), destination, CancellationToken.None));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.Single(_validated);
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        lock (_validated)
        {
            _validated.Add(certificate?.GetCertHashString());
        }

        return _trust && certificate?.GetCertHashString() == _certificate.Thumbprint;
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // SslStream on Linux wants a certificate whose key it can use as a server: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
