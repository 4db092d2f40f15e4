namespace CtiConnector.Media.Srtp;

/// <summary>
/// Replay protection over packet indices (RFC 3711 §3.3.2): the highest index seen and a 128-wide
/// bitmap of the indices just below it. Check before authenticating, <see cref="Accept"/> after.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private ulong _top;
    private UInt128 _seen;
    private bool _started;

    /// <summary>False when <paramref name="index"/> was seen already or is too old to tell.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!_started || index > _top)
        {
            return true;
        }

        var delta = _top - index;
        return delta < Size && (_seen & (UInt128.One << (int)delta)) == UInt128.Zero;
    }

    /// <summary>Records an authentic index.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _top = index;
            _seen = UInt128.One;
            return;
        }

        if (index > _top)
        {
            var shift = index - _top;
            _seen = shift >= Size ? UInt128.Zero : _seen << (int)shift;
            _seen |= UInt128.One;
            _top = index;
            return;
        }

        var delta = _top - index;
        if (delta < Size)
        {
            _seen |= UInt128.One << (int)delta;
        }
    }
}
