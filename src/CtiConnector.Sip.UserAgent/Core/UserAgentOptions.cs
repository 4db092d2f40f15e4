namespace CtiConnector.Sip.UserAgent.Core;

/// <summary>Identity of the user agent on the wire.</summary>
public sealed class UserAgentOptions
{
    /// <summary>The User-Agent / Server header value.</summary>
    public string Product { get; set; } = "CTI-Connector";

    /// <summary>The user part of our Contact.</summary>
    public string ContactUser { get; set; } = "cti";
}
