using System.CommandLine;
using System.Text.Json;
using CtiConnector.Agent.Hosting;
using CtiConnector.Core.Calls;

namespace CtiConnector.Agent.Cli;

/// <summary>
/// The <c>cti</c> command line: <c>cti agent</c> runs the agent; every other command drives a running agent through its
/// pipe (found via <c>agent.json</c> in <c>--data-dir</c>) and prints the answer, or its JSON with <c>--json</c>.
/// Exit codes: 0 done, 1 refused by the agent, 2 usage or no agent.
/// </summary>
public static class CliApp
{
    public const int ExitRefused = 1;
    public const int ExitUsage = 2;

    private static readonly Option<string?> s_dataDir = new("--data-dir")
    {
        Description = "The agent's data directory (default: the per-user app-data folder)",
        Recursive = true,
    };

    private static readonly Option<bool> s_json = new("--json") { Description = "Print the agent's answer as JSON", Recursive = true };

    private static readonly Option<bool> s_start = new("--start") { Description = "Start the agent first when none is running (what link handlers use)" };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("CTI Connector: joins your CRM to your SIP phone line.") { s_dataDir, s_json };
        root.Add(AgentCommand());
        var dial = new Argument<string>("target") { Description = "A number, a tel:, sip: or callto: URI, or an address such as jane@example.org" };
        root.Add(Remote("dial", "Place a call", [dial, s_start], (p, w) =>
        {
            var target = p.GetValue(dial)!;
            if (!DialTarget.TryParse(target, out _, out var problem))
            {
                throw new CliUsageException(problem);
            }

            w.WriteString("to", target);
        }, "dial"));
        foreach (var (name, description) in new[]
                 {
                     ("answer", "Answer the ringing call"), ("hangup", "Hang up (or cancel, or decline) a call"), ("hold", "Put a call on hold"),
                     ("resume", "Take a call off hold"), ("mute", "Mute the microphone"), ("unmute", "Unmute the microphone"),
                 })
        {
            var callId = new Argument<string?>("callId") { Description = "The call (default: the only one)", Arity = ArgumentArity.ZeroOrOne };
            root.Add(Remote(name, description, [callId], (p, w) => WriteOptional(w, "callId", p.GetValue(callId)), name));
        }

        var digits = new Argument<string>("digits") { Description = "DTMF digits: 0-9 * # A-D" };
        var dtmfCall = new Argument<string?>("callId") { Arity = ArgumentArity.ZeroOrOne };
        root.Add(Remote("dtmf", "Send DTMF digits", [digits, dtmfCall], (p, w) =>
        {
            w.WriteString("digits", p.GetValue(digits));
            WriteOptional(w, "callId", p.GetValue(dtmfCall));
        }, "dtmf"));
        var transferTo = new Argument<string>("target") { Description = "Where to transfer the call" };
        var transferCall = new Argument<string?>("callId") { Arity = ArgumentArity.ZeroOrOne };
        root.Add(Remote("transfer", "Transfer a call", [transferTo, transferCall], (p, w) =>
        {
            w.WriteString("to", p.GetValue(transferTo));
            WriteOptional(w, "callId", p.GetValue(transferCall));
        }, "transfer"));
        root.Add(Remote("status", "Show the agent, its accounts and calls", [], null, "status"));
        root.Add(Remote("calls", "List the live calls", [], null, "calls"));
        root.Add(Remote("plugins", "List the CRM plugins and their state", [], null, "plugins"));
        var dndState = new Argument<string>("state") { Description = "on or off" };
        dndState.AcceptOnlyFromAmong("on", "off");
        root.Add(Remote("dnd", "Turn do-not-disturb on or off (incoming calls get busy and are logged as missed)", [dndState],
            (p, w) => w.WriteBoolean("enabled", p.GetValue(dndState) == "on"), "dnd"));
        var number = new Option<string?>("--number") { Description = "Only calls with this number (any format)" };
        var contact = new Option<string?>("--contact") { Description = "Only calls with this contact id" };
        var limit = new Option<int?>("--limit") { Description = "How many records (default 50)" };
        var from = new Option<string?>("--from") { Description = "Only calls started at or after this time (ISO 8601, e.g. 2026-03-02 or 2026-03-02T09:30:00+01:00)" };
        var to = new Option<string?>("--to") { Description = "Only calls started before this time (ISO 8601)" };
        var missed = new Option<bool>("--missed") { Description = "Only the missed calls not yet called back" };
        var search = new Option<string?>("--search", "-q")
        {
            Description = "Only calls whose contact name, caller's name, number as dialled or received, or notes contain this text (1 to 100 characters; case and accents ignored)",
        };
        root.Add(Remote("history", "Show the call history, newest first", [number, contact, search, from, to, missed, limit], (p, w) =>
        {
            WriteOptional(w, "number", p.GetValue(number));
            WriteOptional(w, "contactId", p.GetValue(contact));
            if (p.GetValue(search) is { } text)
            {
                w.WriteString("q", text); // even empty or too long: the agent answers why
            }

            WriteOptional(w, "from", p.GetValue(from));
            WriteOptional(w, "to", p.GetValue(to));
            if (p.GetValue(missed))
            {
                w.WriteBoolean("missed", true);
            }

            if (p.GetValue(limit) is { } l)
            {
                w.WriteNumber("limit", l);
            }
        }, "history"));
        root.Add(ContactsCommand());
        root.Add(UiCommand.Create(s_dataDir));
        root.Add(HandlerCommands.Register(s_dataDir));
        root.Add(HandlerCommands.Unregister());
        root.Add(PresetsCommand.Create(s_json));
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation);
    }

    private static Command AgentCommand()
    {
        var agent = new Command("agent", "Run the agent (settings as --Key=value, e.g. --Api:Port=0)") { TreatUnmatchedTokensAsErrors = false };
        agent.SetAction(async (parse, cancellationToken) =>
        {
            var settings = parse.UnmatchedTokens;
            var dataDirectory = DataDirectory.Resolve(parse.GetValue(s_dataDir), settings);
            return await AgentHost.RunAsync(dataDirectory, settings, Console.Error, cancellationToken);
        });
        return agent;
    }

    private static Command ContactsCommand()
    {
        var contacts = new Command("contacts", "The contact directory");
        var file = new Argument<FileInfo>("file") { Description = "A CSV (header row) or vCard file" };
        contacts.Add(Remote("import", "Import contacts from a CSV or vCard file", [file], (p, w) =>
        {
            var info = p.GetValue(file)!;
            if (!info.Exists)
            {
                throw new CliUsageException($"The file {info.FullName} does not exist.");
            }

            w.WriteString("path", info.FullName);
        }, "contacts.import"));
        var number = new Argument<string>("number");
        contacts.Add(Remote("lookup", "Find the contact of a number", [number], (p, w) => w.WriteString("number", p.GetValue(number)), "contacts.lookup"));
        var text = new Argument<string>("text");
        contacts.Add(Remote("search", "Search contacts by name, company or number", [text], (p, w) => w.WriteString("q", p.GetValue(text)), "contacts.search"));
        return contacts;
    }

    private static Command Remote(string name, string description, Symbol[] symbols, Action<ParseResult, Utf8JsonWriter>? args, string command)
    {
        var result = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    result.Add(argument);
                    break;
                case Option option:
                    result.Add(option);
                    break;
            }
        }

        result.SetAction((parse, cancellationToken) => SendAsync(parse, command, args, cancellationToken));
        return result;
    }

    private static async Task<int> SendAsync(ParseResult parse, string command, Action<ParseResult, Utf8JsonWriter>? args, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var dataDirectory = DataDirectory.Resolve(parse.GetValue(s_dataDir), []);
        try
        {
            // Validate the arguments before touching the agent.
            using (var check = new Utf8JsonWriter(Stream.Null))
            {
                check.WriteStartObject();
                args?.Invoke(parse, check);
                check.WriteEndObject();
            }

            if (parse.GetResult(s_start) is not null && parse.GetValue(s_start)
                && !await AgentLauncher.EnsureRunningAsync(dataDirectory, TimeSpan.FromSeconds(30), cancellationToken))
            {
                throw new AgentNotRunningException($"The agent for {dataDirectory} was started but did not become ready; see its log in {Path.Combine(dataDirectory, "logs")}.");
            }

            await using var client = await AgentClient.ConnectAsync(dataDirectory, cancellationToken);
            using var answer = await client.SendAsync(command, args is null ? null : w => args(parse, w), cancellationToken);
            var root = answer.RootElement;
            if (root.GetProperty("ok").GetBoolean())
            {
                var value = root.GetProperty("result");
                await output.WriteLineAsync(parse.GetValue(s_json) ? value.GetRawText() : CliText.Format(command, value));
                return 0;
            }

            var problem = root.GetProperty("error");
            if (parse.GetValue(s_json))
            {
                await output.WriteLineAsync(problem.GetRawText());
            }

            await error.WriteLineAsync($"cti {command}: {problem.GetProperty("detail").GetString()}");
            return ExitRefused;
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"cti: {ex.Message}");
            return ExitUsage;
        }
        catch (AgentNotRunningException ex)
        {
            await error.WriteLineAsync($"cti: {ex.Message}");
            return ExitUsage;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}

/// <summary>A command line the CLI refuses before contacting the agent.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message) : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
