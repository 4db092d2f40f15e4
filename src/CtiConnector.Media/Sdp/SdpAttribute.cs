namespace CtiConnector.Media.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): a property attribute (<c>a=sendrecv</c>, <see cref="Value"/> null)
/// or a value attribute (<c>a=rtpmap:0 PCMU/8000</c>). Unknown attributes are kept as they are.
/// </summary>
/// <param name="Name">Attribute name, case as received.</param>
/// <param name="Value">Text after the first colon, or null for a property attribute.</param>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The line body as written after <c>a=</c>.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
