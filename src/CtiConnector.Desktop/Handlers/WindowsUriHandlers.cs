using System.Runtime.Versioning;
using Microsoft.Win32;

namespace CtiConnector.Desktop.Handlers;

/// <summary>
/// URI handlers for the current Windows user: <c>HKCU\Software\Classes\SCHEME</c> with <c>URL Protocol</c> and
/// <c>shell\open\command</c>, plus the program's capabilities under <c>HKCU\Software\CTI Connector\Capabilities</c>
/// listed in <c>RegisteredApplications</c>, so Windows' "Default apps" offers it for each scheme.
/// </summary>
public static class WindowsUriHandlers
{
    private const string CapabilitiesKey = @"Software\CTI Connector\Capabilities";
    private const string ProgId = "CtiConnector.Url";

    /// <summary>The command line stored for a click: the program, its arguments, and <c>"%1"</c> for the link.</summary>
    public static string CommandLine(UriHandlerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return string.Join(' ', new[] { registration.Command }.Concat(registration.Arguments).Select(Quote)) + " \"%1\"";
    }

    [SupportedOSPlatform("windows")]
    public static IReadOnlyList<string> Register(UriHandlerRegistration registration)
    {
        var command = CommandLine(registration);
        var report = new List<string>();
        using var classes = Registry.CurrentUser.CreateSubKey(@"Software\Classes");
        foreach (var scheme in UriHandlerRegistration.Schemes)
        {
            using var key = classes.CreateSubKey(scheme);
            key.SetValue(string.Empty, $"URL:{scheme}");
            key.SetValue("URL Protocol", string.Empty);
            key.SetValue("X-CtiConnector", "1");
            using var icon = key.CreateSubKey("DefaultIcon");
            icon.SetValue(string.Empty, $"\"{registration.Command}\",0");
            using var open = key.CreateSubKey(@"shell\open\command");
            open.SetValue(string.Empty, command);
            report.Add($"{scheme}: HKCU\\Software\\Classes\\{scheme}");
        }

        using (var progId = classes.CreateSubKey(ProgId))
        {
            progId.SetValue(string.Empty, "CTI Connector link");
            progId.SetValue("URL Protocol", string.Empty);
            using var open = progId.CreateSubKey(@"shell\open\command");
            open.SetValue(string.Empty, command);
        }

        using (var capabilities = Registry.CurrentUser.CreateSubKey(CapabilitiesKey))
        {
            capabilities.SetValue("ApplicationName", "CTI Connector");
            capabilities.SetValue("ApplicationDescription", "Places calls from tel:, sip: and callto: links through your SIP line");
            using var associations = capabilities.CreateSubKey("URLAssociations");
            foreach (var scheme in UriHandlerRegistration.Schemes)
            {
                associations.SetValue(scheme, ProgId);
            }
        }

        using (var registered = Registry.CurrentUser.CreateSubKey(@"Software\RegisteredApplications"))
        {
            registered.SetValue("CTI Connector", CapabilitiesKey);
        }

        return report;
    }

    /// <summary>Removes what <see cref="Register"/> wrote (a scheme key another program owns is left alone).</summary>
    [SupportedOSPlatform("windows")]
    public static bool Unregister()
    {
        var existed = false;
        using (var classes = Registry.CurrentUser.OpenSubKey(@"Software\Classes", writable: true))
        {
            if (classes is not null)
            {
                foreach (var scheme in UriHandlerRegistration.Schemes)
                {
                    using (var key = classes.OpenSubKey(scheme))
                    {
                        if (key?.GetValue("X-CtiConnector") is null)
                        {
                            continue;
                        }
                    }

                    classes.DeleteSubKeyTree(scheme, throwOnMissingSubKey: false);
                    existed = true;
                }

                classes.DeleteSubKeyTree(ProgId, throwOnMissingSubKey: false);
            }
        }

        Registry.CurrentUser.DeleteSubKeyTree(@"Software\CTI Connector", throwOnMissingSubKey: false);
        using (var registered = Registry.CurrentUser.OpenSubKey(@"Software\RegisteredApplications", writable: true))
        {
            registered?.DeleteValue("CTI Connector", throwOnMissingValue: false);
        }

        return existed;
    }

    // Command lines are split by CommandLineToArgvW rules: quote every argument, double the backslashes before a quote.
    private static string Quote(string argument)
    {
        var escaped = new System.Text.StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            escaped.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            backslashes = 0;
            escaped.Append(c);
        }

        escaped.Append('\\', backslashes * 2);
        return escaped.Append('"').ToString();
    }
}
