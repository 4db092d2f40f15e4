using System.Net;

namespace CtiConnector.Sip.Stun;

/// <summary>The outcome of one Binding transaction: the address and port the server saw, or why there is none.</summary>
public sealed record StunResult(IPEndPoint? ReflexiveAddress, string? Failure)
{
    public bool Succeeded => ReflexiveAddress is not null;

    public static StunResult Success(IPEndPoint address) => new(address, null);

    public static StunResult Failed(string reason) => new(null, reason);
}
