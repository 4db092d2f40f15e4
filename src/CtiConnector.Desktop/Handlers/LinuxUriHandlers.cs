using System.Diagnostics;
using System.Text;

namespace CtiConnector.Desktop.Handlers;

/// <summary>
/// URI handlers on freedesktop systems: a <c>.desktop</c> entry in <c>$XDG_DATA_HOME/applications</c> naming the
/// <c>x-scheme-handler/*</c> types, made the default with <c>xdg-mime</c> (or, without it, written to
/// <c>$XDG_CONFIG_HOME/mimeapps.list</c> directly). Unregistering removes both.
/// </summary>
public sealed class LinuxUriHandlers
{
    private readonly string _dataHome;
    private readonly string _configHome;

    public LinuxUriHandlers(string dataHome, string configHome)
    {
        _dataHome = dataHome;
        _configHome = configHome;
    }

    /// <summary>The folders of the current user (<c>XDG_DATA_HOME</c>, <c>XDG_CONFIG_HOME</c> or their defaults under <c>HOME</c>).</summary>
    public static LinuxUriHandlers ForCurrentUser()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } d ? d : Path.Combine(home, ".local", "share");
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } c ? c : Path.Combine(home, ".config");
        return new LinuxUriHandlers(data, config);
    }

    public string DesktopFile => Path.Combine(_dataHome, "applications", UriHandlerRegistration.ApplicationId + ".desktop");

    private string MimeAppsList => Path.Combine(_configHome, "mimeapps.list");

    /// <summary>The entry's text: <c>Exec</c> quoted per the Desktop Entry Specification, <c>%u</c> for the link.</summary>
    public static string DesktopEntry(UriHandlerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var exec = string.Join(' ', new[] { registration.Command }.Concat(registration.Arguments).Select(QuoteExecArgument)) + " %u";
        return $"""
            [Desktop Entry]
            Type=Application
            Version=1.0
            Name=CTI Connector
            GenericName=Phone dialer
            Comment=Place calls from tel:, sip: and callto: links through the CTI Connector agent
            Exec={exec}
            Terminal=false
            NoDisplay=true
            Categories=Network;Telephony;
            MimeType={string.Concat(UriHandlerRegistration.Schemes.Select(s => $"x-scheme-handler/{s};"))}

            """.ReplaceLineEndings("\n");
    }

    /// <summary>Writes the entry and makes it the default; returns one line per scheme saying how it was set.</summary>
    public IReadOnlyList<string> Register(UriHandlerRegistration registration)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DesktopFile)!);
        File.WriteAllText(DesktopFile, DesktopEntry(registration), new UTF8Encoding(false));
        var report = new List<string>();
        var xdgMime = FindOnPath("xdg-mime");
        foreach (var scheme in UriHandlerRegistration.Schemes)
        {
            var type = "x-scheme-handler/" + scheme;
            if (xdgMime is not null && Run(xdgMime, "default", UriHandlerRegistration.ApplicationId + ".desktop", type))
            {
                report.Add($"{scheme}: default set with xdg-mime");
            }
            else
            {
                SetDefault(type, UriHandlerRegistration.ApplicationId + ".desktop");
                report.Add($"{scheme}: default written to {MimeAppsList}");
            }
        }

        return report;
    }

    /// <summary>Removes the entry and our defaults; true when something was registered.</summary>
    public bool Unregister()
    {
        var existed = File.Exists(DesktopFile);
        File.Delete(DesktopFile);
        if (File.Exists(MimeAppsList))
        {
            var ours = UriHandlerRegistration.ApplicationId + ".desktop";
            var lines = File.ReadAllLines(MimeAppsList);
            var kept = lines.Where(line => !IsOurDefault(line, ours)).ToList();
            existed |= kept.Count != lines.Length;
            File.WriteAllLines(MimeAppsList, kept);
        }

        return existed;
    }

    private static bool IsOurDefault(string line, string ours)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || !line.StartsWith("x-scheme-handler/", StringComparison.Ordinal))
        {
            return false;
        }

        var scheme = line["x-scheme-handler/".Length..equals];
        return UriHandlerRegistration.Schemes.Contains(scheme) && line[(equals + 1)..].TrimEnd(';') == ours;
    }

    private void SetDefault(string type, string desktopId)
    {
        Directory.CreateDirectory(_configHome);
        var lines = File.Exists(MimeAppsList) ? File.ReadAllLines(MimeAppsList).ToList() : [];
        var section = lines.FindIndex(l => l.Trim() == "[Default Applications]");
        if (section < 0)
        {
            lines.Add("[Default Applications]");
            section = lines.Count - 1;
        }

        var end = lines.FindIndex(section + 1, l => l.TrimStart().StartsWith('['));
        end = end < 0 ? lines.Count : end;
        lines.RemoveAll(l => l.StartsWith(type + "=", StringComparison.Ordinal));
        end = Math.Min(end, lines.Count);
        lines.Insert(end, $"{type}={desktopId}");
        File.WriteAllLines(MimeAppsList, lines);
    }

    // Desktop Entry Specification, "The Exec key": arguments with reserved characters are double-quoted, and inside
    // quotes ", `, $ and \ are escaped with a backslash; a literal % is written %%.
    private static string QuoteExecArgument(string argument)
    {
        var text = argument.Replace("%", "%%", StringComparison.Ordinal);
        if (text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "_./+-:=@,".Contains(c)))
        {
            return text;
        }

        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '`' or '$' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('"').ToString();
    }

    private string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private bool Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["XDG_CONFIG_HOME"] = _configHome;
        start.Environment["XDG_DATA_HOME"] = _dataHome;
        using var process = Process.Start(start);
        if (process is null)
        {
            return false;
        }

        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        return process.WaitForExit(30_000) && process.ExitCode == 0;
    }
}
