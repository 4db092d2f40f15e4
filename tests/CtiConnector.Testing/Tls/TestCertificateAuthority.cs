using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CtiConnector.Testing.Tls;

/// <summary>
/// A certificate authority made by a test with .NET's <see cref="CertificateRequest"/>: a self-signed root that issues
/// server certificates for the names and validity a test wants (a good one, one for another name, an expired one),
/// and writes them as PEM files for peers such as Kamailio's <c>tls</c> module.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    private TestCertificateAuthority(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
    }

    /// <summary>The root certificate (public part): what a client trusts through <c>Sip:TlsCaFile</c>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new root named <c>CN=<paramref name="name"/></c>, valid from a day ago for ten years.</summary>
    public static TestCertificateAuthority Create(string name = "CTI Test CA")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(10));
        var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        return new TestCertificateAuthority(key, publicOnly);
    }

    /// <summary>
    /// A server certificate (with its private key) for <paramref name="names"/> (DNS names or IP addresses, all in the
    /// subject alternative name; the first is also the common name), valid from <paramref name="notBefore"/> to
    /// <paramref name="notAfter"/> (default: a day ago to a year ahead).
    /// </summary>
    public X509Certificate2 IssueServer(IReadOnlyList<string> names, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternative.AddIpAddress(address);
            }
            else
            {
                alternative.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternative.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the root as a PEM file (what <c>Sip:TlsCaFile</c> points at); returns its path.</summary>
    public string WriteCaFile(string directory)
    {
        var path = Path.Combine(directory, "ca.pem");
        File.WriteAllText(path, Certificate.ExportCertificatePem() + "\n");
        return path;
    }

    /// <summary>Writes a server certificate and its key as PEM files named <paramref name="name"/>.pem and .key; returns both paths.</summary>
    public static (string CertificateFile, string PrivateKeyFile) WriteServerFiles(X509Certificate2 server, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(server);
        var certificateFile = Path.Combine(directory, name + ".pem");
        var keyFile = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificateFile, server.ExportCertificatePem() + "\n");
        using var key = server.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificateFile, keyFile);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
