using CtiConnector.Agent.Hosting;
using CtiConnector.Core.Telephony;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Agent.Telephony;

/// <summary>
/// The one seam through which the composition root gets its telephony layer. The product registers exactly one
/// implementation in <see cref="Hosting.AgentHost"/> (see <c>AddTelephony</c> there).
/// </summary>
public interface ITelephonyFactory
{
    /// <summary>
    /// Creates the telephony layer from <c>Sip:*</c> and <c>Audio:*</c>, with its SIP sockets bound. It must not report
    /// events before <see cref="ITelephonyHost.StartAsync"/> (the command layer sets its listener in between). Throws
    /// <see cref="AgentConfigurationException"/> with one sentence naming the key when the configuration is wrong.
    /// </summary>
    Task<ITelephonyHost> CreateAsync(IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken);
}

/// <summary>A created telephony layer and its lifecycle.</summary>
public interface ITelephonyHost : IAsyncDisposable
{
    ITelephony Telephony { get; }

    /// <summary>The address the SIP transports are bound to (for <c>agent.json</c>), or null.</summary>
    string? SipAddress { get; }

    /// <summary>The SIP port actually bound (for <c>agent.json</c>), or null.</summary>
    int? SipPort { get; }

    /// <summary>Starts registrations and accepts calls (the listener is set).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Unregisters (the command layer has already hung up the calls).</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
