namespace CtiConnector.Plugins;

/// <summary>A number to look up, in every form the agent knows it.</summary>
/// <param name="Raw">As received from the network or typed (<c>0123456789</c>, <c>+33123456789</c>, <c>alice</c>).</param>
/// <param name="E164">Normalised international form (<c>+33123456789</c>), or null for extensions and names.</param>
/// <param name="National">National form without separators (<c>0123456789</c>), or null.</param>
/// <param name="DisplayName">The caller's display name from the network, or null.</param>
public sealed record PhoneNumberQuery(string Raw, string? E164, string? National, string? DisplayName);
