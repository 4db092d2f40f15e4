using System.Globalization;
using System.Net;
using System.Text;
using CtiConnector.Api.Endpoints;
using CtiConnector.Api.Json;
using CtiConnector.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CtiConnector.Api.Ui;

/// <summary>
/// The agent's web UI: <c>GET /</c> (the app), <c>GET /popup</c> (the compact incoming-call page), <c>GET /ui/FILE</c>
/// (its scripts and styles), <c>GET /ui/signin?code=</c> (one-time code → session cookie → <c>/</c>),
/// <c>POST /ui/logout</c>; and for the user's own token or session, <c>POST /v1/ui/signin-links</c> (what <c>cti ui</c> asks
/// for) and <c>GET /v1/ui/settings</c>. Pages carry a strict Content-Security-Policy (no inline script or style) and hold
/// no data: everything they show is fetched from <c>/v1</c>, which the guard protects.
/// </summary>
public static class UiEndpoints
{
    /// <summary>Paths served without a token (the guard still checks Host, and Origin on actions).</summary>
    public static bool IsUiPath(string path) =>
        path is "/" or "/popup" || path.StartsWith("/ui/", StringComparison.OrdinalIgnoreCase);

    // /v1 handlers take a CancellationToken so that they are described in the OpenAPI document (a bare RequestDelegate is not).
    public static void Map(WebApplication app, RouteGroupBuilder v1)
    {
        // Read on the first page asked for, not at start: an agent nobody opens the page of never holds them.
        var assets = new Lazy<UiAssets>(() => new UiAssets());
        app.MapGet("/", (HttpContext context) => ServeAsync(context, assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/popup", (HttpContext context) => ServeAsync(context, assets, "popup.html")).ExcludeFromDescription();
        app.MapGet("/ui/{*file}", (HttpContext context, string file) => ServeAsync(context, assets, file)).ExcludeFromDescription();
        app.MapGet("/ui/signin", SignInAsync).ExcludeFromDescription();
        app.MapPost("/ui/logout", LogoutAsync).ExcludeFromDescription();
        v1.MapPost("/ui/signin-links", CreateLinkAsync).WithName("createSignInLink").Returns<SignInLink>(StatusCodes.Status201Created)
            .ReturnsProblem(StatusCodes.Status403Forbidden);
        v1.MapGet("/ui/settings", SettingsAsync).WithName("getUiSettings").Returns<UiSettingsBody>()
            .ReturnsProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task ServeAsync(HttpContext context, Lazy<UiAssets> assets, string file)
    {
        // Pages have their own paths (/ and /popup); /ui/ serves their scripts, styles and images only.
        var isPageUnderUi = file.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
            && context.Request.Path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase);
        if (isPageUnderUi || assets.Value.Find(file) is not { } asset)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found", "There is no such page.");
            return;
        }

        var response = context.Response;
        SecurityHeaders(context);
        response.Headers.ETag = asset.ETag;
        // Revalidated on every use: after an upgrade the browser never mixes old and new files.
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        await response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }

    private static async Task SignInAsync(HttpContext context)
    {
        var sessions = context.RequestServices.GetRequiredService<UiSessions>();
        var code = context.Request.Query["code"] is { Count: 1 } values ? values[0] : null;
        var session = sessions.Redeem(code);
        SecurityHeaders(context);
        context.Response.Headers.CacheControl = "no-store";
        if (session is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(MessagePage(
                "Sign-in link not valid / Lien de connexion non valable",
                "This sign-in link is unknown, expired (links last 2 minutes) or was already used. Run <code>cti ui</code> again to open a new one.",
                "Ce lien de connexion est inconnu, expiré (un lien dure 2 minutes) ou a déjà servi. Lancez de nouveau <code>cti ui</code> pour en ouvrir un autre."),
                context.RequestAborted);
            return;
        }

        context.Response.Cookies.Append(UiSessions.CookieName, session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = SafeNext(context.Request.Query["next"] is { Count: 1 } next ? next[0] : null);
    }

    /// <summary>
    /// Where a sign-in continues: <paramref name="next"/> when it is one of the UI's own pages (<c>/</c>, <c>/#...</c>,
    /// <c>/popup?call=...</c>), else <c>/</c> (a link can never send the browser elsewhere).
    /// </summary>
    public static string SafeNext(string? next)
    {
        if (string.IsNullOrEmpty(next) || next.Contains('\\') || next.Any(char.IsControl))
        {
            return "/";
        }

        if (next == "/" || next.StartsWith("/#", StringComparison.Ordinal))
        {
            return next;
        }

        const string popup = "/popup?call=";
        return next.StartsWith(popup, StringComparison.Ordinal) && next[popup.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? next
            : "/";
    }

    /// <summary>A one-time sign-in address for the agent at <paramref name="apiUrl"/> that lands on <paramref name="next"/>.</summary>
    public static Uri SignInLink(UiSessions sessions, string apiUrl, string next)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var (code, _) = sessions.CreateCode();
        return new Uri($"{apiUrl}/ui/signin?code={code}&next={Uri.EscapeDataString(SafeNext(next))}");
    }

    private static Task LogoutAsync(HttpContext context)
    {
        context.RequestServices.GetRequiredService<UiSessions>().End(context.Request.Cookies[UiSessions.CookieName]);
        context.Response.Cookies.Delete(UiSessions.CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static async Task CreateLinkAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Items.ContainsKey(ApiGuard.OwnerKey))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "Only the user's own token may open the web UI.");
            return;
        }

        var (code, expiresAt) = context.RequestServices.GetRequiredService<UiSessions>().CreateCode();
        // The cookie belongs to the name the link uses: always the numeric loopback address.
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{context.Connection.LocalPort}/ui/signin?code={code}");
        await HttpBodies.WriteAsync(context, new SignInLink(url, expiresAt), ApiJsonContext.Default.SignInLink, StatusCodes.Status201Created);
    }

    private static async Task SettingsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Items.ContainsKey(ApiGuard.OwnerKey))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "Only the user's own token may read the settings.");
            return;
        }

        var options = context.RequestServices.GetRequiredService<ApiOptions>();
        var body = new UiSettingsBody([.. options.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(PairingRegistry.Normalize)])
        {
            AudioDevice = options.AudioDevice,
        };
        await HttpBodies.WriteAsync(context, body, ApiJsonContext.Default.UiSettingsBody);
    }

    /// <summary>What every page answer carries: scripts and styles from this origin only, no framing, no referrer.</summary>
    private static void SecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        var host = context.Request.Host.Value;
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host}; " +
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string MessagePage(string title, string english, string french)
    {
        var text = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title><link rel=\"stylesheet\" href=\"/ui/app.css\"></head>")
            .Append("<body class=\"message-page\"><main><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
            .Append("<p>").Append(english).Append("</p><p lang=\"fr\">").Append(french).Append("</p></main></body></html>");
        return text.ToString();
    }
}
