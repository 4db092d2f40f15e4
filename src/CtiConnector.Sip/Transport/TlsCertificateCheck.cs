using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CtiConnector.Sip.Transport;

/// <summary>
/// Checks a TLS server's certificate for SIP (RFC 5922 §7.3: the certificate must name the host we meant to reach):
/// its chain must end at a root of the system store or of the configured CA file (<c>Sip:TlsCaFile</c>), every
/// certificate in it must be within its validity period and not known to be revoked, and its subject alternative names
/// (or, without any, its common name) must hold the expected host. A failure comes back as one sentence a user can act
/// on, e.g. <c>the certificate is for sip.example.org, not 192.0.2.1</c>.
/// </summary>
public sealed class TlsCertificateCheck
{
    private readonly X509Certificate2Collection _trustedRoots;

    /// <param name="trustedRoots">CA certificates trusted in addition to the system store (may be empty).</param>
    public TlsCertificateCheck(X509Certificate2Collection? trustedRoots = null)
    {
        _trustedRoots = trustedRoots ?? [];
    }

    /// <summary>The CA certificates trusted besides the system store.</summary>
    public X509Certificate2Collection TrustedRoots => _trustedRoots;

    /// <summary>
    /// Null when <paramref name="certificate"/> is acceptable for <paramref name="expectedHost"/>, else why not.
    /// </summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="intermediates">Other certificates the server sent (its chain), used to build the path only.</param>
    /// <param name="expectedHost">The host name or address we connected for.</param>
    /// <param name="verificationTime">The time to check validity at; now when null (tests pass a fixed time).</param>
    public string? Validate(X509Certificate2 certificate, IEnumerable<X509Certificate2>? intermediates, string expectedHost, DateTime? verificationTime = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(expectedHost);
        var problems = new List<string>();
        if (!certificate.MatchesHostname(expectedHost.Trim('[', ']')))
        {
            problems.Add(DescribeNameMismatch(certificate, expectedHost));
        }

        var chainProblem = CheckChain(certificate, intermediates, verificationTime ?? DateTime.Now);
        if (chainProblem is not null)
        {
            problems.Add(chainProblem);
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>The names a certificate is valid for: its DNS and IP subject alternative names, else its common name.</summary>
    public static IReadOnlyList<string> NamesOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(commonName);
        }

        return names;
    }

    private static string DescribeNameMismatch(X509Certificate2 certificate, string expectedHost)
    {
        var names = NamesOf(certificate);
        return names.Count == 0
            ? $"the certificate names no host, and {expectedHost} was expected"
            : $"the certificate is for {string.Join(", ", names)}, not {expectedHost}";
    }

    private string? CheckChain(X509Certificate2 certificate, IEnumerable<X509Certificate2>? intermediates, DateTime verificationTime)
    {
        // First the system store, as every TLS client does; then, when a CA file is given, those roots (RFC 5280 path
        // building against a custom trust anchor set, with the system's anchors left out so that a failure is explained
        // by the file alone).
        var system = BuildChain(certificate, intermediates, verificationTime, customRoots: null);
        var problem = Describe(system, certificate, verificationTime);
        if (problem is null || _trustedRoots.Count == 0)
        {
            return problem;
        }

        var custom = BuildChain(certificate, intermediates, verificationTime, _trustedRoots);
        return Describe(custom, certificate, verificationTime);
    }

    private static (X509ChainStatusFlags Flags, X509ChainElement[] Elements) BuildChain(
        X509Certificate2 certificate, IEnumerable<X509Certificate2>? intermediates, DateTime verificationTime, X509Certificate2Collection? customRoots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.Offline;
        chain.ChainPolicy.VerificationTime = verificationTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")); // id-kp-serverAuth
        if (intermediates is not null)
        {
            foreach (var extra in intermediates)
            {
                if (!extra.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(extra);
                }
            }
        }

        if (customRoots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(customRoots);
        }

        chain.Build(certificate);
        var flags = X509ChainStatusFlags.NoError;
        foreach (var element in chain.ChainElements)
        {
            foreach (var status in element.ChainElementStatus)
            {
                flags |= status.Status;
            }
        }

        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        var elements = new X509ChainElement[chain.ChainElements.Count];
        chain.ChainElements.CopyTo(elements, 0);
        return (flags, elements);
    }

    /// <summary>Revocation we could not check (no CRL or OCSP answer at hand) is not a failure: "revoked if known".</summary>
    private const X509ChainStatusFlags Ignored =
        X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    private static string? Describe((X509ChainStatusFlags Flags, X509ChainElement[] Elements) chain, X509Certificate2 certificate, DateTime verificationTime)
    {
        var flags = chain.Flags & ~Ignored;
        if (flags == X509ChainStatusFlags.NoError)
        {
            return null;
        }

        var reasons = new List<string>();
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            reasons.Add(DescribeValidity(chain.Elements, certificate, verificationTime));
        }

        if ((flags & X509ChainStatusFlags.Revoked) != 0)
        {
            reasons.Add("the certificate has been revoked by its issuer");
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            var top = chain.Elements.Length > 0 ? chain.Elements[^1].Certificate : certificate;
            var issuer = top.Issuer.Length > 0 ? top.Issuer : top.Subject;
            reasons.Add($"the certificate's issuer ({issuer}) is not a trusted certificate authority (unknown CA: not in the system store nor in Sip:TlsCaFile)");
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            reasons.Add("the certificate is not meant for a TLS server");
        }

        var rest = flags & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.Revoked | X509ChainStatusFlags.UntrustedRoot
            | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotValidForUsage);
        if (rest != X509ChainStatusFlags.NoError)
        {
            reasons.Add("the certificate chain is not valid (" + rest.ToString() + ")");
        }

        return string.Join("; ", reasons);
    }

    private static string DescribeValidity(X509ChainElement[] elements, X509Certificate2 certificate, DateTime verificationTime)
    {
        var candidates = elements.Length > 0 ? elements.Select(e => e.Certificate) : [certificate];
        var text = new StringBuilder();
        foreach (var cert in candidates)
        {
            var which = cert.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span) ? "the certificate" : $"the certificate of {cert.Subject} in its chain";
            if (verificationTime > cert.NotAfter)
            {
                text.Append(CultureInfo.InvariantCulture, $"{which} expired on {cert.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
                break;
            }

            if (verificationTime < cert.NotBefore)
            {
                text.Append(CultureInfo.InvariantCulture, $"{which} is not valid yet (not before {cert.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; check this computer's clock)");
                break;
            }
        }

        return text.Length > 0 ? text.ToString() : "the certificate is expired or not yet valid";
    }

    /// <summary>
    /// Reads a PEM file of CA certificates (<c>-----BEGIN CERTIFICATE-----</c> blocks). Throws
    /// <see cref="InvalidDataException"/> naming the file when it cannot be read or holds no certificate.
    /// </summary>
    public static X509Certificate2Collection LoadCaFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The CA file {path} cannot be read: {ex.Message}", ex);
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidDataException($"The CA file {path} is not a PEM file of certificates: {ex.Message}", ex);
        }

        return certificates.Count > 0
            ? certificates
            : throw new InvalidDataException($"The CA file {path} holds no certificate (expected -----BEGIN CERTIFICATE----- blocks).");
    }
}
