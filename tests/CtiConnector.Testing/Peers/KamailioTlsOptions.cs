namespace CtiConnector.Testing.Peers;

/// <summary>
/// Turns on Kamailio's <c>tls</c> module (Debian <c>kamailio-tls-modules</c>) for a <see cref="KamailioRegistrar"/>: a
/// <c>tls:127.0.0.1:PORT</c> listener with this certificate and key (PEM files), clients not asked for a certificate.
/// Requests that arrive over TLS make their connection an alias of their Via's sent-by (<c>force_tcp_alias</c>), so
/// calls to a registered contact go back over the connection it registered on, as a provider reaches its TLS users.
/// </summary>
/// <param name="CertificateFile">The server certificate, PEM (followed by its intermediates if any).</param>
/// <param name="PrivateKeyFile">Its private key, PEM.</param>
public sealed record KamailioTlsOptions(string CertificateFile, string PrivateKeyFile);
