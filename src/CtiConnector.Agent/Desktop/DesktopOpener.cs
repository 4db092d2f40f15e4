using System.Diagnostics;

namespace CtiConnector.Agent.Desktop;

/// <summary>
/// Opens a URL the way the user's desktop does (<c>xdg-open</c>, <c>open</c>, the Windows shell), or through a command
/// template from configuration such as <c>chromium --app={url}</c> (an app-style window for the popup).
/// </summary>
public sealed class DesktopOpener
{
    private readonly string? _template;

    /// <param name="template">A command line with <c>{url}</c> where the URL goes; null or empty uses the desktop's opener.</param>
    public DesktopOpener(string? template)
    {
        _template = string.IsNullOrWhiteSpace(template) ? null : template.Trim();
    }

    /// <summary>Starts the opener; throws <see cref="InvalidOperationException"/> with the reason when nothing can open URLs here.</summary>
    public void Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Only web addresses are opened, not '{url.Scheme}:' ones.");
        }

        ProcessStartInfo start;
        if (_template is not null)
        {
            var words = SplitCommandLine(_template);
            start = new ProcessStartInfo(words[0]) { UseShellExecute = false };
            foreach (var word in words.Skip(1))
            {
                start.ArgumentList.Add(word.Replace("{url}", url.AbsoluteUri, StringComparison.Ordinal));
            }

            if (!words.Skip(1).Any(w => w.Contains("{url}", StringComparison.Ordinal)))
            {
                start.ArgumentList.Add(url.AbsoluteUri);
            }
        }
        else if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
        }
        else
        {
            start = new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open") { UseShellExecute = false, ArgumentList = { url.AbsoluteUri } };
        }

        try
        {
            using var process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{start.FileName}' could not be started to open {url} ({ex.Message}).", ex);
        }
    }

    /// <summary>Splits a command line on spaces, keeping "double-quoted" words whole.</summary>
    public static IReadOnlyList<string> SplitCommandLine(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        if (words.Count == 0)
        {
            throw new ArgumentException("The command line is empty.", nameof(commandLine));
        }

        return words;
    }
}
