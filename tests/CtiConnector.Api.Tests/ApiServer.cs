using System.Net;
using System.Net.Http.Headers;
using CtiConnector.Core.Calls;
using CtiConnector.Core.Contacts;
using CtiConnector.Core.Numbers;
using CtiConnector.Core.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CtiConnector.Api.Tests;

/// <summary>The real API on Kestrel, 127.0.0.1 and a free port, over a call center with in-memory telephony and stores.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";
    public const string CrmOrigin = "https://crm.example.com";

    private ApiServer(WebApplication app, CallCenter center, FakeTelephony telephony, InMemoryHistoryStore history, int port)
    {
        App = app;
        Center = center;
        Telephony = telephony;
        History = history;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public WebApplication App { get; }

    public CallCenter Center { get; }

    public FakeTelephony Telephony { get; }

    public InMemoryHistoryStore History { get; }

    public int Port { get; }

    /// <summary>A client that sends the user's token.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts the API; <paramref name="sources"/> are the contact sources (CRM plugins) after the directory, which holds Alice.</summary>
    public static async Task<ApiServer> StartAsync(int callBurst = 100, TimeSpan? eventHeartbeat = null, IEnumerable<IContactSource>? sources = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var telephony = new FakeTelephony();
        var history = new InMemoryHistoryStore();
        var contacts = new InMemoryContactStore().Add(CallCenterFixture.Alice);
        var center = new CallCenter(
            telephony, history, contacts, sources ?? [], PhoneNumberNormalizer.ForCountry("FR"), null,
            new CallCenterOptions { Version = "1.2.3", ContactLookup = new ContactResolverOptions { Budget = TimeSpan.FromSeconds(20), LateLimit = TimeSpan.FromSeconds(30) } },
            TimeProvider.System, NullLoggerFactory.Instance);
        await center.StartAsync(CancellationToken.None);
        builder.Services.AddSingleton(center);
        builder.Services.AddCtiApi(new ApiOptions
        {
            Token = Token,
            AllowedOrigins = [CrmOrigin],
            CallCreationBurst = callBurst,
            EventHeartbeat = eventHeartbeat ?? TimeSpan.FromSeconds(15),
            AudioDevice = "null",
        });
        var app = builder.Build();
        app.MapCtiApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiServer(app, center, telephony, history, new Uri(address).Port);
    }

    /// <summary>A client without any token.</summary>
    public HttpClient AnonymousClient() => new() { BaseAddress = Client.BaseAddress };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Center.DisposeAsync();
    }
}
