using System.CommandLine;
using CtiConnector.Agent.Hosting;
using CtiConnector.Desktop.Handlers;

namespace CtiConnector.Agent.Cli;

/// <summary><c>cti register-handlers</c> and <c>cti unregister-handlers</c>: the agent as the user's tel:, sip:, sips: and callto: handler.</summary>
internal static class HandlerCommands
{
    public static Command Register(Option<string?> dataDir)
    {
        var command = new Option<string?>("--command") { Description = "The program a click runs (default: this cti)" };
        var register = new Command("register-handlers", "Make this agent the current user's handler of tel:, sip:, sips: and callto: links") { command };
        register.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var explicitDirectory = parse.GetValue(dataDir);
            var registration = new UriHandlerRegistration(
                parse.GetValue(command) ?? AgentLauncher.Executable,
                explicitDirectory is null ? null : DataDirectory.Resolve(explicitDirectory, []));
            IReadOnlyList<string> report;
            if (OperatingSystem.IsWindows())
            {
                report = WindowsUriHandlers.Register(registration);
            }
            else
            {
                var handlers = LinuxUriHandlers.ForCurrentUser();
                report = handlers.Register(registration);
                await output.WriteLineAsync($"Handler entry: {handlers.DesktopFile}");
            }

            foreach (var line in report)
            {
                await output.WriteLineAsync(line);
            }

            return 0;
        });
        return register;
    }

    public static Command Unregister()
    {
        var unregister = new Command("unregister-handlers", "Stop handling tel:, sip:, sips: and callto: links");
        unregister.SetAction(async (parse, cancellationToken) =>
        {
            var removed = OperatingSystem.IsWindows() ? WindowsUriHandlers.Unregister() : LinuxUriHandlers.ForCurrentUser().Unregister();
            await parse.InvocationConfiguration.Output.WriteLineAsync(removed ? "The link handlers are removed." : "No link handlers were registered.");
            return 0;
        });
        return unregister;
    }
}
