using System.Net;
using CtiConnector.Sip.Dns;

namespace CtiConnector.Sip.UserAgent.Tests.Core;

/// <summary>
/// An in-memory DNS for target selection tests: fixed SRV and A answers, every question recorded, every other name
/// NXDOMAIN. Answers complete at once, so a lookup through it never waits.
/// </summary>
internal sealed class FakeDns : IDnsResolver
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(5);
    private readonly Dictionary<(string, DnsRecordType), List<DnsRecord>> _answers = [];

    public List<(string Name, DnsRecordType Type)> Questions { get; } = [];

    public FakeDns Srv(string service, string target, int port, int priority, int weight = 0) =>
        Add(service, new DnsSrvRecord(service, s_ttl, (ushort)priority, (ushort)weight, (ushort)port, target));

    public FakeDns A(string name, string address) => Add(name, new DnsAddressRecord(name, s_ttl, IPAddress.Parse(address)));

    public Task<DnsResult> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        Questions.Add((name, type));
        return Task.FromResult(_answers.TryGetValue((name, type), out var records)
            ? new DnsResult(DnsQueryStatus.Success, records)
            : DnsResult.Failure(DnsQueryStatus.NameNotFound, $"{name} does not exist"));
    }

    private FakeDns Add(string name, DnsRecord record)
    {
        if (!_answers.TryGetValue((name, record.Type), out var list))
        {
            _answers[(name, record.Type)] = list = [];
        }

        list.Add(record);
        return this;
    }
}
