using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.Tests.Dns;

/// <summary>An in-memory resolver for locator tests: fixed answers, every question recorded, the rest NXDOMAIN.</summary>
internal sealed class FakeDnsResolver : IDnsResolver
{
    private readonly Dictionary<(string, DnsRecordType), DnsResult> _answers = [];

    public List<(string Name, DnsRecordType Type)> Questions { get; } = [];

    /// <summary>When set, every question gets this result.</summary>
    public DnsResult? Always { get; set; }

    public FakeDnsResolver Add(string name, DnsRecordType type, params DnsRecord[] records)
    {
        _answers[(name, type)] = new DnsResult(DnsQueryStatus.Success, records);
        return this;
    }

    public Task<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        Questions.Add((name, type));
        return Task.FromResult(Always ?? (_answers.TryGetValue((name, type), out var result)
            ? result
            : DnsResult.Failure(DnsQueryStatus.NameNotFound, $"{name} does not exist")));
    }
}
