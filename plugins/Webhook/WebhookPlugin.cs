using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Plugins.Webhook;

/// <summary>
/// A generic REST CRM: looks a caller up with a GET on <c>LookupUrl</c> and maps the JSON answer with JSON paths;
/// journals each finished call with a POST or PUT of a JSON body to <c>JournalUrl</c>. Every request has its own
/// timeout. A 404 or an empty answer is a miss; any other error status, a timeout or malformed JSON is an error
/// (the agent counts it, and retries a journal delivery later).
/// </summary>
public sealed partial class WebhookPlugin : ICtiPlugin, IContactLookup, ICallJournal
{
    private const int MaxAnswerBytes = 1024 * 1024;

    private WebhookOptions _options = null!;
    private HttpClient? _http;
    private ILogger _logger = null!;

    /// <inheritdoc />
    public Task InitializeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = WebhookOptions.Read(context.Configuration);
        _logger = context.Logger;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each request has its own budget
        };
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<PluginContact?> LookupAsync(PhoneNumberQuery number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (_options.LookupUrl is not { } template || _http is null)
        {
            return null;
        }

        var url = template.ExpandUrl(name => name switch
        {
            "e164" => number.E164,
            "national" => number.National,
            _ => number.Raw,
        });
        if (url is null)
        {
            LogNoForm(number.Raw);
            return null; // the URL needs a form of the number we do not have
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        AddHeaders(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"lookup answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }

            var body = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return Map(body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"lookup took longer than {_options.Timeout.TotalMilliseconds:0} ms");
        }
    }

    /// <inheritdoc />
    public async Task JournalAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_options.JournalUrl is not { } template || _http is null)
        {
            return;
        }

        Func<string, string?> values = name => JournalValue(call, name);
        var body = _options.JournalBody is { } bodyTemplate ? bodyTemplate.ExpandJson(values) : CallRecordBody.Write(call);
        using var request = new HttpRequestMessage(_options.JournalMethod, template.ExpandUrlLenient(values))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        AddHeaders(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.JournalTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"journal answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"journal request took longer than {_options.JournalTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http?.Dispose();
        _http = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>The value of a journal placeholder for <paramref name="call"/>.</summary>
    internal static string? JournalValue(CallRecord call, string name) => name switch
    {
        "historyId" => call.HistoryId.ToString(CultureInfo.InvariantCulture),
        "callId" => call.CallId,
        "direction" => call.Direction,
        "number" => call.RemoteRaw,
        "e164" => call.RemoteE164,
        "displayName" => call.RemoteDisplayName,
        "contactId" => call.ContactId,
        "contactName" => call.ContactName,
        "startedAt" => Time(call.StartedAt),
        "answeredAt" => call.AnsweredAt is { } answered ? Time(answered) : null,
        "endedAt" => Time(call.EndedAt),
        "durationSeconds" => call.DurationSeconds.ToString(CultureInfo.InvariantCulture),
        "disposition" => call.Disposition,
        "notes" => call.Notes,
        "accountId" => call.AccountId,
        _ => null,
    };

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private PluginContact? Map(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"lookup answer is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var name = _options.MapName.FindText(root);
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            var id = _options.MapId?.FindText(root);
            return new PluginContact(
                string.IsNullOrEmpty(id) ? "" : id,
                name,
                _options.MapCompany?.FindText(root),
                _options.MapUrl?.FindText(root));
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new InvalidDataException($"lookup answer is larger than {MaxAnswerBytes} bytes");
        }

        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new InvalidDataException($"lookup answer is larger than {MaxAnswerBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No lookup for {Number}: LookupUrl needs a form of the number that is unknown")]
    private partial void LogNoForm(string number);
}
