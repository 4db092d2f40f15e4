namespace CtiConnector.Media.Rtp;

/// <summary>One SDES chunk: a source and its items (type, UTF-8 text up to 255 bytes).</summary>
/// <param name="Ssrc">Source.</param>
/// <param name="Items">Items as (type, text).</param>
public sealed record RtcpSdesChunk(uint Ssrc, IReadOnlyList<(byte Type, string Text)> Items);
