using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.UserAgent.Registration;
using Microsoft.Extensions.Logging;
using RegistrationStateKind = CtiConnector.Sip.UserAgent.Registration.RegistrationState;

namespace CtiConnector.Telephony;

/// <summary>Account registrations: one <see cref="RegistrationClient"/> per account with a registrar.</summary>
public sealed partial class SipTelephony
{
    private void StartRegistration(AccountState account)
    {
        if (account.Registrar is null)
        {
            SetAccountState(account, Core.Model.RegistrationState.Unregistered, "no registrar configured");
            return;
        }

        var options = account.Options;
        var client = new RegistrationClient(
            _transactions!,
            new RegistrationOptions
            {
                Aor = account.Aor,
                Registrar = account.Registrar,
                Credentials = CredentialsOf(options),
                Transport = TransportOf(options.Transport),
                Expires = options.Expires,
                OutboundProxy = account.OutboundProxy,
                DisplayName = options.DisplayName,
                ContactUser = _userAgent!.Options.ContactUser,
                UserAgent = _options.Product,
                KeepAliveInterval = KeepAliveInterval,
                PublicEndPoint = _publicSip,
            },
            _loggerFactory.CreateLogger<RegistrationClient>(),
            _resolver);
        client.StatusChanged += (_, status) => SetAccountState(account, MapState(status.State), status.State == RegistrationStateKind.Registered ? null : status.Reason);
        account.Registration = client;
        _ = StartClientAsync(account, client);
    }

    /// <inheritdoc/>
    public async Task RegisterAgainAsync(string accountId, CancellationToken cancellationToken)
    {
        var account = FindAccount(accountId ?? throw new ArgumentNullException(nameof(accountId)))!;
        if (account.Registrar is null)
        {
            throw new TelephonyException("invalid-state", $"The account '{accountId}' has no registrar to register with.");
        }

        if (account.Registration is { } previous)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        SetAccountState(account, Core.Model.RegistrationState.Registering, null);
        StartRegistration(account);
    }

    private async Task StartClientAsync(AccountState account, RegistrationClient client)
    {
        try
        {
            await client.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            SetAccountState(account, Core.Model.RegistrationState.Failed, ex.Message);
        }
    }

    private async Task StopRegistrationsAsync(CancellationToken cancellationToken)
    {
        List<AccountState> accounts;
        lock (_accounts)
        {
            accounts = [.. _accounts];
        }

        await Task.WhenAll(accounts
            .Select(a => a.Registration)
            .OfType<RegistrationClient>()
            .Select(c => c.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    private async Task DisposeRegistrationsAsync()
    {
        List<AccountState> accounts;
        lock (_accounts)
        {
            accounts = [.. _accounts];
        }

        foreach (var account in accounts)
        {
            if (account.Registration is { } registration)
            {
                await registration.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static TransportKind TransportOf(string? transport) => transport?.ToLowerInvariant() switch
    {
        "tcp" => TransportKind.Tcp,
        "tls" => TransportKind.Tls,
        _ => TransportKind.Udp,
    };

    private static Core.Model.RegistrationState MapState(RegistrationStateKind state) => state switch
    {
        RegistrationStateKind.Registered => Core.Model.RegistrationState.Registered,
        RegistrationStateKind.Registering => Core.Model.RegistrationState.Registering,
        RegistrationStateKind.Failed => Core.Model.RegistrationState.Failed,
        _ => Core.Model.RegistrationState.Unregistered,
    };
}
