namespace CtiConnector.Desktop.Tray;

/// <summary>The tray icon's picture: a filled disc in the state's colour, drawn as 32-bit BGRA pixels (top row first).</summary>
public static class TrayIconPixels
{
    /// <summary>The colour of each state (0xRRGGBB).</summary>
    public static uint Color(TrayIconKind kind) => kind switch
    {
        TrayIconKind.Registered => 0x2E9E44,
        TrayIconKind.Registering => 0xE0B000,
        TrayIconKind.Failed => 0xD62C2C,
        TrayIconKind.DoNotDisturb => 0xE57A00,
        TrayIconKind.InCall => 0x1F6FD6,
        _ => 0x8A8A8A,
    };

    /// <summary>A <paramref name="size"/>² disc with a one-pixel soft edge; outside pixels are fully transparent.</summary>
    public static uint[] Disc(TrayIconKind kind, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        var rgb = Color(kind);
        var pixels = new uint[size * size];
        var center = (size - 1) / 2.0;
        var radius = (size / 2.0) - 0.5;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var distance = Math.Sqrt(((x - center) * (x - center)) + ((y - center) * (y - center)));
                var coverage = Math.Clamp(radius - distance + 0.5, 0, 1);
                var alpha = (uint)Math.Round(coverage * 255);
                if (alpha == 0)
                {
                    continue;
                }

                // Premultiplied BGRA, as icons with an alpha channel expect.
                var r = ((rgb >> 16) & 0xFF) * alpha / 255;
                var g = ((rgb >> 8) & 0xFF) * alpha / 255;
                var b = (rgb & 0xFF) * alpha / 255;
                pixels[(y * size) + x] = (alpha << 24) | (r << 16) | (g << 8) | b;
            }
        }

        return pixels;
    }
}
