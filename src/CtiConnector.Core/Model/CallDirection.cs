namespace CtiConnector.Core.Model;

/// <summary>Which side placed the call. Serialised as <c>outbound</c> / <c>inbound</c>.</summary>
public enum CallDirection
{
    Outbound,
    Inbound,
}
