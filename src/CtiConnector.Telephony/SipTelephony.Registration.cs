using CtiConnector.Core.Model;

namespace CtiConnector.Telephony;

/// <summary>Account registrations.</summary>
public sealed partial class SipTelephony
{
    private void StartRegistration(AccountState account)
    {
        if (account.Registrar is null)
        {
            SetAccountState(account, RegistrationState.Unregistered, "no registrar configured");
        }
    }

    private Task StopRegistrationsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
}
