using CtiConnector.Api.Presets;
using CtiConnector.Telephony;
using CtiConnector.Telephony.Presets;

namespace CtiConnector.Agent.Hosting;

/// <summary>The telephony layer's provider presets as the API shows them (<c>GET /v1/presets</c>).</summary>
public sealed class AgentPresets : IPresetCatalog
{
    private static readonly IReadOnlyList<PresetSummary> s_summaries = [.. ProviderPresets.All.Select(Summarize)];

    public IReadOnlyList<PresetSummary> List() => s_summaries;

    private static PresetSummary Summarize(ProviderPreset preset) => new(
        preset.Id,
        preset.Name,
        preset.Domain,
        preset.Registrar,
        preset.Transport,
        preset.Expires,
        preset.MinExpires,
        [.. preset.Codecs.Select(CodecNames.Of)],
        [.. preset.Inputs.Select(i => new PresetInputSummary(i.Key, i.Description))],
        preset.Notes);
}
