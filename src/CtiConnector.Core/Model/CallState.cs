namespace CtiConnector.Core.Model;

/// <summary>The states of a call as the public API shows them (PRODUCT.md).</summary>
public enum CallState
{
    Dialing,
    Ringing,
    Active,
    Held,
    Ended,
}
