using System.Threading.Channels;
using CtiConnector.Sip.UserAgent.Registration;

namespace CtiConnector.Sip.UserAgent.Tests.Registration;

/// <summary>Queues a client's status changes so a test can wait for the one it expects (the wait only bounds a hang).</summary>
internal sealed class StatusWaiter : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(40);
    private readonly RegistrationClient _client;
    private readonly Channel<RegistrationStatus> _changes = Channel.CreateUnbounded<RegistrationStatus>();
    private readonly List<RegistrationStatus> _history = [];

    public StatusWaiter(RegistrationClient client)
    {
        _client = client;
        client.StatusChanged += OnChanged;
    }

    public IReadOnlyList<RegistrationStatus> History
    {
        get
        {
            lock (_history)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Waits for the next change (from now on) that matches; fails the test with the history when none comes.</summary>
    public async Task<RegistrationStatus> NextAsync(Func<RegistrationStatus, bool> match, string what)
    {
        using var cts = new CancellationTokenSource(s_patience);
        try
        {
            while (true)
            {
                var status = await _changes.Reader.ReadAsync(cts.Token);
                if (match(status))
                {
                    return status;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"Never got {what}; states were: {string.Join(" → ", History)}");
        }
    }

    public Task<RegistrationStatus> NextAsync(RegistrationState state) => NextAsync(s => s.State == state, state.ToString());

    public void Dispose() => _client.StatusChanged -= OnChanged;

    private void OnChanged(object? sender, RegistrationStatus status)
    {
        lock (_history)
        {
            _history.Add(status);
        }

        _changes.Writer.TryWrite(status);
    }
}
