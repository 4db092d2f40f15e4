using System.Collections.Frozen;
using System.Security.Cryptography;

namespace CtiConnector.Api.Ui;

/// <summary>
/// The web UI's files, embedded in this assembly under <c>ui/</c> (from <c>Ui/wwwroot</c>): read once, each with its
/// content type and a strong ETag. No file provider, no reflection beyond <c>GetManifestResourceStream</c> (trimming safe).
/// </summary>
internal sealed class UiAssets
{
    private const string Prefix = "ui/";

    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, UiAsset> _files;

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        var files = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // The logical name keeps the folder separator of the machine that built it.
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)
                || !s_contentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 12).ToLowerInvariant() + "\"";
            files[name[Prefix.Length..]] = new UiAsset(bytes, contentType, etag);
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The file at <paramref name="path"/> (e.g. <c>app.js</c>, <c>index.html</c>), or null.</summary>
    public UiAsset? Find(string path) => _files.GetValueOrDefault(path);
}

/// <summary>One embedded file of the web UI.</summary>
internal sealed record UiAsset(byte[] Content, string ContentType, string ETag);
