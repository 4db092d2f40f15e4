using System.Globalization;
using CtiConnector.Media.Codecs;

namespace CtiConnector.Telephony.Presets;

/// <summary>
/// A provider or PBX an account can name with <c>Sip:Accounts:N:Preset</c>: it fills the account keys the user left
/// unset (registrar, transport, expiry, codec order) and holds the quirks the provider needs (a minimum expiry).
/// </summary>
/// <param name="Id">What <c>Preset</c> names, e.g. <c>free</c>.</param>
/// <param name="Name">What a user recognises, e.g. <c>Free (Freebox)</c>.</param>
/// <param name="Domain">The provider's SIP domain, when it is the same for everyone (<c>freephonie.net</c>); null for a PBX.</param>
/// <param name="Registrar">The registrar, when it is the same for everyone; null means the AoR's domain.</param>
/// <param name="Transport"><c>udp</c>, <c>tcp</c> or <c>tls</c>.</param>
/// <param name="Expires">Registration interval in seconds when the user gives none.</param>
/// <param name="MinExpires">Smallest registration interval the provider accepts; a smaller one typed by the user is raised to it.</param>
/// <param name="Codecs">Codec order of the offer and of the answer's choice.</param>
/// <param name="Inputs">What the user types, as account keys and what each holds.</param>
/// <param name="Notes">What the user must get from the provider first, in one or two sentences.</param>
public sealed record ProviderPreset(
    string Id,
    string Name,
    string? Domain,
    string? Registrar,
    string Transport,
    int Expires,
    int MinExpires,
    IReadOnlyList<AudioCodec> Codecs,
    IReadOnlyList<PresetInput> Inputs,
    string Notes)
{
    /// <summary>
    /// The account keys once this preset fills those the user left unset. <paramref name="typed"/> holds what the user
    /// wrote (keys as in <c>Sip:Accounts:N:*</c>, compared without case); explicit values win, except an
    /// <c>Expires</c> below <see cref="MinExpires"/>, which is raised to it. <c>Aor</c>, when missing, is
    /// <c>sip:USERNAME@DOMAIN</c> (the registrar's host when the preset has no domain); <c>Registrar</c>, when missing,
    /// is the preset's or the AoR's domain. Values the preset cannot read are left for the caller to reject.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Fill(IReadOnlyDictionary<string, string?> typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var fields = new Dictionary<string, string?>(typed, StringComparer.OrdinalIgnoreCase);
        if (IsUnset(fields, "Aor") && Get(fields, "Username") is { } user && (Domain ?? HostOf(Get(fields, "Registrar"))) is { } domain)
        {
            fields["Aor"] = $"sip:{user}@{domain}";
        }

        if (IsUnset(fields, "Registrar"))
        {
            fields["Registrar"] = Registrar ?? (Domain is not null ? "sip:" + Domain : HostOf(Get(fields, "Aor")) is { } host ? "sip:" + host : null);
        }

        if (IsUnset(fields, "Transport"))
        {
            fields["Transport"] = Transport;
        }

        if (IsUnset(fields, "Codecs"))
        {
            fields["Codecs"] = CodecNames.Format(Codecs);
        }

        if (IsUnset(fields, "Expires"))
        {
            fields["Expires"] = Expires.ToString(CultureInfo.InvariantCulture);
        }
        else if (int.TryParse(Get(fields, "Expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) && expires < MinExpires)
        {
            fields["Expires"] = MinExpires.ToString(CultureInfo.InvariantCulture);
        }

        return fields;
    }

    private static bool IsUnset(Dictionary<string, string?> fields, string key) => Get(fields, key) is null;

    private static string? Get(Dictionary<string, string?> fields, string key) =>
        fields.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The host (and port) of <c>sip:user@host:port;params</c>, <c>sip:host</c> or a bare host; null when there is none.</summary>
    private static string? HostOf(string? uri)
    {
        if (uri is null)
        {
            return null;
        }

        var text = uri;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[(colon + 1)..];
        }

        text = text[(text.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var end = text.IndexOfAny([';', '?', '>']);
        text = end >= 0 ? text[..end] : text;
        return text.Length == 0 ? null : text;
    }
}

/// <summary>One thing the user types for a preset: the account key (<c>Username</c>) and what goes in it.</summary>
public sealed record PresetInput(string Key, string Description);
