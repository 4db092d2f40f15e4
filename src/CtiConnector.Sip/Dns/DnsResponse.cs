namespace CtiConnector.Sip.Dns;

/// <summary>A parsed DNS response: header fields, its (first) question and the answer section.</summary>
public sealed class DnsResponse
{
    public required ushort Id { get; init; }

    /// <summary>The TC bit: the answer did not fit in the UDP datagram (RFC 1035 §4.1.1).</summary>
    public required bool Truncated { get; init; }

    public required DnsResponseCode ResponseCode { get; init; }

    /// <summary>The number of questions in the header (a response to our query repeats exactly one).</summary>
    public required int QuestionCount { get; init; }

    /// <summary>The first question's name, without the trailing dot; empty when there is no question.</summary>
    public required string QuestionName { get; init; }

    public required ushort QuestionType { get; init; }

    /// <summary>The answer records of the types this client understands, in packet order.</summary>
    public required IReadOnlyList<DnsRecord> Answers { get; init; }

    /// <summary>How long a negative answer may be cached: from the authority section's SOA (RFC 2308 §5); null without one.</summary>
    public TimeSpan? NegativeTtl { get; init; }
}
