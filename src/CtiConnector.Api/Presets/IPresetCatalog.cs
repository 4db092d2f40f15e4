namespace CtiConnector.Api.Presets;

/// <summary>The provider presets an account can name (<c>Sip:Accounts:N:Preset</c>), for <c>GET /v1/presets</c> and the web UI.</summary>
public interface IPresetCatalog
{
    IReadOnlyList<PresetSummary> List();
}

/// <summary>
/// One preset: what it fills in an account (<see cref="Domain"/> and <see cref="Registrar"/> when fixed, transport, expiry,
/// codec order), the smallest expiry it allows, what the user types (<see cref="Inputs"/>) and what to get from the provider.
/// </summary>
public sealed record PresetSummary(
    string Id,
    string Name,
    string? Domain,
    string? Registrar,
    string Transport,
    int Expires,
    int MinExpires,
    IReadOnlyList<string> Codecs,
    IReadOnlyList<PresetInputSummary> Inputs,
    string Notes);

/// <summary>One account key the user types for a preset (<c>Username</c>) and what goes in it.</summary>
public sealed record PresetInputSummary(string Key, string Description);
