using CtiConnector.Media.Codecs;

namespace CtiConnector.Telephony.Presets;

/// <summary>
/// The provider presets, in one place: what <c>GET /v1/presets</c>, <c>cti presets</c>, the web UI and the README list.
/// Only what providers document publicly is filled in; the rest is in each preset's notes (what to ask the provider).
/// </summary>
public static class ProviderPresets
{
    private static readonly AudioCodec[] s_alawFirst = [AudioCodec.Pcma, AudioCodec.Pcmu];
    private static readonly AudioCodec[] s_ulawFirst = [AudioCodec.Pcmu, AudioCodec.Pcma];

    private static readonly PresetInput s_password = new("Password", "the SIP password");

    /// <summary>Every preset, in the order a user is shown them.</summary>
    public static IReadOnlyList<ProviderPreset> All { get; } =
    [
        new(
            "free", "Free (Freebox)", "freephonie.net", null, "udp", 3600, 1800, s_alawFirst,
            [new("Username", "your Freebox phone number, 10 digits starting 09"), new("Password", "the SIP password shown in your Freebox space")],
            "Activate SIP access for your line in your Freebox space (the telephony settings) and copy the SIP password shown there; "
            + "Free wants registrations of at least 1800 s and A-law (PCMA) first."),
        new(
            "sfr", "SFR Business", null, null, "udp", 3600, 60, s_alawFirst,
            [new("Username", "the SIP user name SFR gave you"), s_password, new("Registrar", "the SIP server SFR gave you")],
            "SFR does not publish SIP settings for its lines: ask SFR Business for the SIP account (user name, password, registrar "
            + "or domain) of your line or trunk."),
        new(
            "ovh", "OVHcloud (SIP line)", null, null, "udp", 3600, 60, s_alawFirst,
            [new("Username", "your number in international form, e.g. 0033972101010"), s_password, new("Registrar", "the SIP server of your line, e.g. sip3.ovh.fr")],
            "In the OVHcloud Control Panel (Telecom > VoIP > your line), set the SIP password and read the line's SIP server."),
        new(
            "orange", "Orange Business (SIP trunk)", null, null, "udp", 3600, 60, s_alawFirst,
            [new("Username", "the SIP user name Orange gave you"), s_password, new("Registrar", "the SIP server Orange gave you")],
            "Orange Business publishes no public SIP settings: ask Orange for the trunk's SIP account, registrar and domain "
            + "(a trunk that authenticates by address instead of registering needs an account without this preset and without Registrar)."),
        new(
            "asterisk", "Asterisk / FreePBX extension", null, null, "udp", 3600, 60, s_ulawFirst,
            [new("Username", "the extension number, e.g. 201"), new("Password", "the extension's secret"), new("Registrar", "the PBX address, e.g. 192.0.2.1")],
            "Create a SIP (PJSIP) extension on the PBX; its number is the user name and its secret the password."),
        new(
            "3cx", "3CX extension", null, null, "udp", 3600, 60, s_ulawFirst,
            [
                new("Aor", "sip:EXTENSION@PBX-ADDRESS, e.g. sip:201@192.0.2.1"),
                new("Username", "the extension's Authentication ID"),
                new("Password", "the extension's authentication password"),
            ],
            "In the 3CX console, open the extension: its Authentication ID and password (not the extension number nor the web "
            + "client password) are what the agent registers with."),
        new(
            "kamailio", "Kamailio / OpenSIPS", null, null, "udp", 3600, 60, s_ulawFirst,
            [new("Username", "your SIP user name"), s_password, new("Registrar", "the proxy's address, e.g. 192.0.2.1")],
            "Ask the proxy's administrator for your user name, password and domain; when the domain differs from the proxy's "
            + "address, also set Aor to sip:USER@DOMAIN."),
    ];

    /// <summary>The ids <c>Preset</c> accepts, comma-separated, for error messages.</summary>
    public static string KnownIds => string.Join(", ", All.Select(p => p.Id));

    /// <summary>The preset named <paramref name="id"/> (case ignored), or null.</summary>
    public static ProviderPreset? Find(string? id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
}
