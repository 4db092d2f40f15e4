using System.Security.Cryptography;
using System.Text;
using CtiConnector.Api.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace CtiConnector.Api.Security;

/// <summary>
/// The checks every request passes before an endpoint runs, in order:
/// <list type="number">
/// <item><c>Host</c> must be <c>127.0.0.1:PORT</c>, <c>localhost:PORT</c> or <c>[::1]:PORT</c> for the port the request
/// came in on (DNS rebinding) → 403 <c>forbidden-host</c>.</item>
/// <item><c>Origin</c>, when present, must be the agent's own, configured, or paired; only <c>POST /v1/pair</c> answers
/// others → 403 <c>forbidden-origin</c>. CORS headers and preflights answer these origins only.</item>
/// <item>A bearer token (header; or <c>access_token</c> query on the event endpoints, for browsers): the user's token, or
/// a paired origin's token used from that origin → 401 <c>unauthorized</c>. Without a token, the web UI's session cookie
/// counts as the user's own authority, but only on requests with no <c>Origin</c> or the agent's own, and not sent by
/// another site (<c>Sec-Fetch-Site</c>): a page of another origin, even a same-site or paired one, never rides on it (CSRF).
/// Pairing administration takes the user's authority only.</item>
/// <item>A body is JSON (the import takes CSV/vCard) → 415; within the size limit → 413.</item>
/// </list>
/// The web UI's own files (<c>/</c>, <c>/popup</c>, <c>/ui/...</c>) hold no data and need no token; they pass the Host check,
/// and their actions (logout) refuse a foreign <c>Origin</c>.
/// </summary>
public sealed class ApiGuard
{
    private static readonly string[] s_importTypes = ["text/csv", "text/vcard", "text/x-vcard", "text/directory"];
    private readonly ApiOptions _options;
    private readonly PairingRegistry _pairings;
    private readonly UiSessions _sessions;
    private readonly byte[] _token;

    public ApiGuard(ApiOptions options, PairingRegistry pairings, UiSessions sessions)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pairings = pairings;
        _sessions = sessions;
        _token = Encoding.UTF8.GetBytes(options.Token);
    }

    /// <summary>Set on requests made with the user's own token (not a paired origin's).</summary>
    public static readonly object OwnerKey = new();

    /// <summary>Set to the origin (normalised) on requests made with a paired origin's token.</summary>
    public static readonly object PairedOriginKey = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.Request;
        var port = context.Connection.LocalPort;
        if (!IsLoopbackHost(request.Host, port))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden-host", "Forbidden host",
                "The Host header must be 127.0.0.1 or localhost with the agent's port.");
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        if (UiEndpoints.IsUiPath(path))
        {
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && request.Headers.Origin is { Count: > 0 } uiOrigin && (uiOrigin.Count != 1 || !IsOwnOrigin(uiOrigin[0]!, port)))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden-origin", "Forbidden origin",
                    "Only the agent's own pages may act on its web UI.");
                return;
            }

            await next(context);
            return;
        }

        var isPair = path.Equals("/v1/pair", StringComparison.OrdinalIgnoreCase);
        var origins = request.Headers.Origin;
        string? origin = null;
        if (origins.Count > 0)
        {
            origin = origins.Count == 1 ? origins[0] : null;
            var trusted = origin is not null && (IsOwnOrigin(origin, port) || _pairings.IsTrusted(origin));
            if (!trusted && !(isPair && origin is not null))
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden-origin", "Forbidden origin",
                    "This web origin is not allowed; pair it first (POST /v1/pair) or add it to Api:AllowedOrigins.");
                return;
            }

            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = HeaderNames.Origin;
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
            {
                headers.AccessControlAllowMethods = isPair ? "POST" : "GET, POST, PATCH";
                headers.AccessControlAllowHeaders = "Authorization, Content-Type";
                headers.AccessControlMaxAge = "600";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
        }

        if (!isPair && !Authorize(context, path, origin))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized",
                "A valid bearer token is required (the agent's api-token, or the token of a paired origin).");
            return;
        }

        if (path.StartsWith("/v1/pairings", StringComparison.OrdinalIgnoreCase) && !context.Items.ContainsKey(OwnerKey))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                "Only the user's own token may manage pairings.");
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && !await CheckBodyAsync(context, path))
        {
            return;
        }

        await next(context);
        if (!context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null)
        {
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "Method not allowed",
                    "Actions are POST (or PATCH) requests; reads are GET.");
            }
            else if (context.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "There is no such endpoint.");
            }
        }
    }

    private static bool IsLoopbackHost(HostString host, int port)
    {
        if (!host.HasValue || host.Port != port)
        {
            return false;
        }

        return host.Host.Equals("127.0.0.1", StringComparison.Ordinal)
            || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.Host.Equals("[::1]", StringComparison.Ordinal);
    }

    private static bool IsOwnOrigin(string origin, int port)
    {
        var normalized = PairingRegistry.Normalize(origin);
        return normalized == $"http://127.0.0.1:{port}" || normalized == $"http://localhost:{port}" || normalized == $"http://[::1]:{port}";
    }

    private bool Authorize(HttpContext context, string path, string? origin)
    {
        string? token = null;
        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = value["Bearer ".Length..].Trim();
        }
        else if (authorization.Count == 0 && path.StartsWith("/v1/events", StringComparison.OrdinalIgnoreCase)
                 && context.Request.Query["access_token"] is { Count: 1 } query)
        {
            token = query[0];
        }

        if (authorization.Count == 0 && string.IsNullOrEmpty(token))
        {
            return AuthorizeSession(context, origin);
        }

        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _token))
        {
            context.Items[OwnerKey] = true;
            return true;
        }

        var pairedOrigin = _pairings.OriginOfToken(token);
        if (pairedOrigin is null)
        {
            return false;
        }

        // A paired origin's token works from that origin only (a page of another origin cannot replay it).
        var accepted = origin is null ? !IsBrowserFetch(context) : PairingRegistry.Normalize(origin) == pairedOrigin;
        if (accepted)
        {
            context.Items[PairedOriginKey] = pairedOrigin;
        }

        return accepted;
    }

    /// <summary>The web UI's session cookie: the user's authority, from the agent's own pages only.</summary>
    private bool AuthorizeSession(HttpContext context, string? origin)
    {
        if (!context.Request.Cookies.TryGetValue(UiSessions.CookieName, out var session))
        {
            return false;
        }

        if (origin is not null && !IsOwnOrigin(origin, context.Connection.LocalPort))
        {
            return false;
        }

        // Same-site is not enough: another port of 127.0.0.1 (a local web CRM) is the same site but not this origin.
        var site = context.Request.Headers["Sec-Fetch-Site"];
        if (site.Count > 0 && site[0] is not ("same-origin" or "none"))
        {
            return false;
        }

        if (!_sessions.Touch(session))
        {
            return false;
        }

        context.Items[OwnerKey] = true;
        return true;
    }

    private static bool IsBrowserFetch(HttpContext context) => context.Request.Headers.ContainsKey("Sec-Fetch-Site");

    private async Task<bool> CheckBodyAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var isImport = path.Equals("/v1/contacts/import", StringComparison.OrdinalIgnoreCase);
        var limit = isImport ? _options.MaxImportBodyBytes : _options.MaxJsonBodyBytes;
        if (request.ContentLength > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large",
                $"The request body is limited to {limit} bytes.");
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding))
            || !string.IsNullOrEmpty(request.ContentType);
        if (!hasBody)
        {
            return true;
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        var accepted = isImport ? mediaType is not null && s_importTypes.Contains(mediaType) : mediaType == "application/json";
        if (accepted)
        {
            return true;
        }

        await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
            isImport ? "Contacts are imported from a text/csv or text/vcard body." : "Request bodies must be application/json.");
        return false;
    }
}
