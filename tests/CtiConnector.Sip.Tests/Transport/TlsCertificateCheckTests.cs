using CtiConnector.Sip.Transport;
using CtiConnector.Testing.Tls;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>
/// The reason a server certificate is refused, checked on certificates a test CA issues (no network; validity periods
/// are days away from now, so the clock's precision does not matter). The same check runs in the transport's handshake (see
/// <see cref="TlsValidationTransportTests"/>) and against Kamailio (Telephony tests).
/// </summary>
public sealed class TlsCertificateCheckTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("CTI Unit Test CA");

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void ACertificateForTheAddressFromATrustedCaPasses()
    {
        using var server = _ca.IssueServer(["127.0.0.1", "pbx.example.test"]);
        var check = new TlsCertificateCheck([_ca.Certificate]);

        Assert.Null(check.Validate(server, null, "127.0.0.1"));
        Assert.Null(check.Validate(server, null, "pbx.example.test"));
    }

    [Fact]
    public void AWrongNameNamesTheExpectedHostAndTheNamesTheCertificateHolds()
    {
        using var server = _ca.IssueServer(["sip.other.test", "192.0.2.7"]);
        var check = new TlsCertificateCheck([_ca.Certificate]);

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.Equal("the certificate is for sip.other.test, 192.0.2.7, not 127.0.0.1", reason);
    }

    [Fact]
    public void AnExpiredCertificateSaysWhenItExpired()
    {
        using var server = _ca.IssueServer(["127.0.0.1"], DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2));
        var check = new TlsCertificateCheck([_ca.Certificate]);

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.NotNull(reason);
        Assert.StartsWith("the certificate expired on ", reason, StringComparison.Ordinal);
        Assert.Contains(server.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
        Assert.DoesNotContain("trusted", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidityIsCheckedAtTheGivenTime()
    {
        using var server = _ca.IssueServer(["127.0.0.1"], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var check = new TlsCertificateCheck([_ca.Certificate]);

        Assert.Null(check.Validate(server, null, "127.0.0.1", DateTime.Now.AddDays(10)));
        Assert.StartsWith("the certificate expired on ", check.Validate(server, null, "127.0.0.1", DateTime.Now.AddDays(60)), StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateNotValidYetSaysSoAndPointsAtTheClock()
    {
        using var server = _ca.IssueServer(["127.0.0.1"], DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddDays(30));
        var check = new TlsCertificateCheck([_ca.Certificate]);

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.NotNull(reason);
        Assert.Contains("is not valid yet", reason, StringComparison.Ordinal);
        Assert.Contains("clock", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateFromAnUnknownCaNamesTheIssuer()
    {
        using var server = _ca.IssueServer(["127.0.0.1"]);
        var check = new TlsCertificateCheck();

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.NotNull(reason);
        Assert.Contains("CN=CTI Unit Test CA", reason, StringComparison.Ordinal);
        Assert.Contains("not a trusted certificate authority", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherCaInTheFileDoesNotMakeTheCertificateTrusted()
    {
        using var other = TestCertificateAuthority.Create("Some Other CA");
        using var server = _ca.IssueServer(["127.0.0.1"]);
        var check = new TlsCertificateCheck([other.Certificate]);

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.NotNull(reason);
        Assert.Contains("not a trusted certificate authority", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemIsNamedWhenThereAreSeveral()
    {
        using var server = _ca.IssueServer(["sip.other.test"], DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-2));
        var check = new TlsCertificateCheck();

        var reason = check.Validate(server, null, "127.0.0.1");

        Assert.NotNull(reason);
        Assert.Contains("not 127.0.0.1", reason, StringComparison.Ordinal);
        Assert.Contains("expired on", reason, StringComparison.Ordinal);
        Assert.Contains("not a trusted certificate authority", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCaFileIsReadFromPem()
    {
        var directory = Directory.CreateTempSubdirectory("cti-ca-");
        try
        {
            var path = _ca.WriteCaFile(directory.FullName);

            var loaded = TlsCertificateCheck.LoadCaFile(path);

            Assert.Equal(_ca.Certificate.Thumbprint, Assert.Single(loaded).Thumbprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AMissingOrEmptyCaFileIsAClearError()
    {
        var directory = Directory.CreateTempSubdirectory("cti-ca-");
        try
        {
            var missing = Path.Combine(directory.FullName, "nope.pem");
            var empty = Path.Combine(directory.FullName, "empty.pem");
            File.WriteAllText(empty, "not a certificate\n");

            var notFound = Assert.Throws<InvalidDataException>(() => TlsCertificateCheck.LoadCaFile(missing));
            var noCertificate = Assert.Throws<InvalidDataException>(() => TlsCertificateCheck.LoadCaFile(empty));

            Assert.Contains(missing, notFound.Message, StringComparison.Ordinal);
            Assert.Contains("holds no certificate", noCertificate.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheNamesOfACertificateAreItsAlternativeNames()
    {
        using var server = _ca.IssueServer(["a.example.test", "10.0.0.1"]);

        Assert.Equal(["a.example.test", "10.0.0.1"], TlsCertificateCheck.NamesOf(server));
        Assert.Equal(["CTI Unit Test CA"], TlsCertificateCheck.NamesOf(_ca.Certificate));
    }
}
