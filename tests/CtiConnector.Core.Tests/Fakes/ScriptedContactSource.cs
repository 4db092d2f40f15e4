using CtiConnector.Core.Contacts;
using CtiConnector.Core.Model;

namespace CtiConnector.Core.Tests.Fakes;

/// <summary>A contact source whose answer the test controls: a hit, a miss, a throw, or a wait on a gate.</summary>
public sealed class ScriptedContactSource(string name, Func<RemoteParty, CancellationToken, Task<ContactRef?>> lookup) : IContactSource
{
    public string Name => name;

    public int Calls { get; private set; }

    public static ScriptedContactSource Hit(string name, ContactRef contact) => new(name, (_, _) => Task.FromResult<ContactRef?>(contact));

    public static ScriptedContactSource Throwing(string name) => new(name, (_, _) => throw new InvalidOperationException("plugin bug"));

    public static ScriptedContactSource Hanging(string name) =>
        new(name, async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });

    public static ScriptedContactSource Gated(string name, Task<ContactRef?> gate) => new(name, (_, _) => gate);

    public Task<ContactRef?> LookupAsync(RemoteParty remote, CancellationToken cancellationToken)
    {
        Calls++;
        return lookup(remote, cancellationToken);
    }
}
