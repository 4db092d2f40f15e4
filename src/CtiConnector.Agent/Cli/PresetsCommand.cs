using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CtiConnector.Agent.Hosting;
using CtiConnector.Api.Json;
using CtiConnector.Api.Presets;

namespace CtiConnector.Agent.Cli;

/// <summary><c>cti presets</c>: lists the provider presets (no agent needed: they are built in).</summary>
internal static class PresetsCommand
{
    public static Command Create(Option<bool> json)
    {
        var presets = new Command("presets", "List the provider presets an account can name with Sip:Accounts:N:Preset");
        presets.SetAction(async (parse, cancellationToken) =>
        {
            var list = new AgentPresets().List();
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(list, ApiJsonContext.Default.IReadOnlyListPresetSummary)
                : string.Join(Environment.NewLine + Environment.NewLine, list.Select(Describe)));
            return 0;
        });
        return presets;
    }

    private static string Describe(PresetSummary preset)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{preset.Id,-9} {preset.Name}").AppendLine();
        text.Append("          you type: ").AppendJoin(", ", preset.Inputs.Select(i => $"{i.Key} ({i.Description})")).AppendLine();
        text.Append("          it fills: ");
        if (preset.Domain is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"domain {preset.Domain}, ");
        }

        text.Append(CultureInfo.InvariantCulture, $"transport {preset.Transport}, expires {preset.Expires} s (at least {preset.MinExpires} s), codecs {string.Join(',', preset.Codecs)}")
            .AppendLine();
        text.Append("          ").Append(preset.Notes);
        return text.ToString();
    }
}
