namespace CtiConnector.Sip.Dns;

/// <summary>Answers DNS questions; <see cref="DnsClient"/> is the real one, tests may supply their own.</summary>
public interface IDnsResolver
{
    /// <summary>Looks up <paramref name="name"/>'s records of <paramref name="type"/>; failures are typed results, never exceptions.</summary>
    Task<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken);
}
