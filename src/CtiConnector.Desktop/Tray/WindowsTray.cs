using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using static CtiConnector.Desktop.Tray.WindowsTrayNative;

namespace CtiConnector.Desktop.Tray;

/// <summary>
/// The notification-area icon on Windows, on Win32 alone (no WinForms): a message-only window on its own thread
/// receives the icon's clicks; <c>Shell_NotifyIconW</c> shows the icon, its tooltip and balloon notifications; a right
/// click opens the menu of <see cref="TrayState.Menu"/>. <see cref="Update"/> and <see cref="ShowBalloon"/> may be
/// called from any thread. One tray per process.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsTray : ITraySurface, IDisposable
{
    private const uint CallbackMessage = WmApp + 1;
    private const uint ApplyStateMessage = WmApp + 2;
    private const uint ShowBalloonMessage = WmApp + 3;
    private const int IconSize = 16;

    private static WindowsTray? s_current;

    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<TrayIconKind, nint> _icons = [];
    private TrayState _state;
    private (string Title, string Text)? _balloon;
    private nint _window;
    private uint _taskbarCreated;

    private WindowsTray(TrayState initial)
    {
        _state = initial;
        _thread = new Thread(Run) { IsBackground = true, Name = "CTI tray" };
    }

    /// <summary>A menu command was chosen (raised on the tray thread: hand long work off).</summary>
    public event Action<TrayCommand>? CommandChosen;

    /// <summary>The icon itself was clicked (left button or keyboard).</summary>
    public event Action? IconClicked;

    /// <summary>The last balloon notification was clicked.</summary>
    public event Action? BalloonClicked;

    /// <summary>Creates the icon; throws <see cref="InvalidOperationException"/> when the shell refuses it.</summary>
    public static async Task<WindowsTray> StartAsync(TrayState initial)
    {
        if (Interlocked.CompareExchange(ref s_current, null, null) is not null)
        {
            throw new InvalidOperationException("A tray icon already exists in this process.");
        }

        var tray = new WindowsTray(initial);
        s_current = tray;
        tray._thread.Start();
        try
        {
            await tray._created.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch
        {
            s_current = null;
            throw;
        }

        return tray;
    }

    public void Update(TrayState state)
    {
        lock (_gate)
        {
            _state = state;
        }

        PostMessage(_window, ApplyStateMessage, 0, 0);
    }

    /// <summary>Shows a balloon (a toast on Windows 10 and later) from the icon.</summary>
    public void ShowBalloon(string title, string text)
    {
        lock (_gate)
        {
            _balloon = (title, text);
        }

        PostMessage(_window, ShowBalloonMessage, 0, 0);
    }

    public void Dispose()
    {
        if (_window != 0)
        {
            PostMessage(_window, WmClose, 0, 0);
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        s_current = null;
    }

    [UnmanagedCallersOnly]
    private static nint WindowProcedure(nint window, uint message, nuint wParam, nint lParam)
    {
        var tray = s_current;
        if (tray is null)
        {
            return DefWindowProc(window, message, wParam, lParam);
        }

        try
        {
            return tray.Handle(window, message, wParam, lParam);
        }
        catch (Exception)
        {
            // An exception must not cross into user32; the message is treated as handled.
            return 0;
        }
    }

    private unsafe void Run()
    {
        var className = "CtiConnectorTray";
        fixed (char* name = className)
        {
            var windowClass = new WindowClass
            {
                Size = (uint)sizeof(WindowClass),
                WindowProcedure = &WindowProcedure,
                Instance = GetModuleHandle(null),
                ClassName = name,
            };
            RegisterClassEx(&windowClass);
        }

        _window = CreateWindowEx(0, className, "CTI Connector", 0, 0, 0, 0, 0, HwndMessage, 0, GetModuleHandle(null), 0);
        if (_window == 0)
        {
            _created.TrySetException(new InvalidOperationException($"The tray window could not be created (error {Marshal.GetLastPInvokeError()})."));
            return;
        }

        _taskbarCreated = RegisterWindowMessage("TaskbarCreated");
        if (!AddIcon())
        {
            DestroyWindow(_window);
            _created.TrySetException(new InvalidOperationException("The shell refused the notification-area icon."));
            return;
        }

        _created.TrySetResult();
        Message message;
        while (GetMessage(&message, 0, 0, 0) > 0)
        {
            TranslateMessage(&message);
            DispatchMessage(&message);
        }

        foreach (var icon in _icons.Values)
        {
            DestroyIcon(icon);
        }
    }

    private nint Handle(nint window, uint message, nuint wParam, nint lParam)
    {
        switch (message)
        {
            case CallbackMessage:
                // NOTIFYICON_VERSION_4: the event is in the low word of lParam.
                switch ((uint)(lParam & 0xFFFF))
                {
                    case WmContextMenu or WmRButtonUp:
                        ShowMenu();
                        break;
                    case NinSelect or NinKeySelect or WmLButtonUp:
                        IconClicked?.Invoke();
                        break;
                    case NinBalloonUserClick:
                        BalloonClicked?.Invoke();
                        break;
                }

                return 0;
            case ApplyStateMessage:
                Modify(withBalloon: false);
                return 0;
            case ShowBalloonMessage:
                Modify(withBalloon: true);
                return 0;
            case WmClose:
                RemoveIcon();
                DestroyWindow(window);
                return 0;
            case WmDestroy:
                PostQuitMessage(0);
                return 0;
            default:
                if (message == _taskbarCreated && _taskbarCreated != 0)
                {
                    // Explorer restarted: the icon must be added again.
                    AddIcon();
                    return 0;
                }

                return DefWindowProc(window, message, wParam, lParam);
        }
    }

    private unsafe bool AddIcon()
    {
        var data = Data(withBalloon: false);
        data.Flags |= NifMessage;
        data.CallbackMessage = CallbackMessage;
        if (!ShellNotifyIcon(NimAdd, &data))
        {
            return false;
        }

        data.TimeoutOrVersion = NotifyIconVersion4;
        ShellNotifyIcon(NimSetVersion, &data);
        return true;
    }

    private unsafe void Modify(bool withBalloon)
    {
        var data = Data(withBalloon);
        ShellNotifyIcon(NimModify, &data);
    }

    private unsafe void RemoveIcon()
    {
        var data = new NotifyIconData { Size = (uint)sizeof(NotifyIconData), Window = _window, Id = 1 };
        ShellNotifyIcon(NimDelete, &data);
    }

    private unsafe NotifyIconData Data(bool withBalloon)
    {
        TrayState state;
        (string Title, string Text)? balloon;
        lock (_gate)
        {
            state = _state;
            balloon = withBalloon ? _balloon : null;
        }

        var data = new NotifyIconData
        {
            Size = (uint)sizeof(NotifyIconData),
            Window = _window,
            Id = 1,
            Flags = NifIcon | NifTip | NifShowTip,
            Icon = Icon(state.Icon),
        };
        Copy(state.Tooltip, data.Tip, 128);
        if (balloon is { } b)
        {
            data.Flags |= NifInfo;
            data.InfoFlags = NiifInfo;
            Copy(b.Title, data.InfoTitle, 64);
            Copy(b.Text, data.Info, 256);
        }

        return data;
    }

    private unsafe nint Icon(TrayIconKind kind)
    {
        if (_icons.TryGetValue(kind, out var icon))
        {
            return icon;
        }

        var pixels = TrayIconPixels.Disc(kind, IconSize);
        var mask = new byte[IconSize * IconSize / 8];
        fixed (uint* colorBits = pixels)
        fixed (byte* maskBits = mask)
        {
            var color = CreateBitmap(IconSize, IconSize, 1, 32, colorBits);
            var monochrome = CreateBitmap(IconSize, IconSize, 1, 1, maskBits);
            var info = new IconInfo { IsIcon = 1, Mask = monochrome, Color = color };
            icon = CreateIconIndirect(&info);
            DeleteObject(color);
            DeleteObject(monochrome);
        }

        _icons[kind] = icon;
        return icon;
    }

    private unsafe void ShowMenu()
    {
        TrayState state;
        lock (_gate)
        {
            state = _state;
        }

        var menu = CreatePopupMenu();
        try
        {
            for (var i = 0; i < state.Menu.Count; i++)
            {
                var item = state.Menu[i];
                if (item.IsSeparator)
                {
                    AppendMenu(menu, MfSeparator, 0, null);
                    continue;
                }

                var flags = MfString | (item.Command is null ? MfGrayed : 0) | (item.Checked ? MfChecked : 0);
                AppendMenu(menu, flags, (nuint)(i + 1), item.Label);
            }

            Point point;
            GetCursorPos(&point);
            // The window must be foreground or the menu does not close when the user clicks elsewhere.
            SetForegroundWindow(_window);
            var chosen = TrackPopupMenu(menu, TpmRightButton | TpmReturnCmd | TpmNoNotify, point.X, point.Y, 0, _window, 0);
            if (chosen > 0 && chosen <= state.Menu.Count && state.Menu[chosen - 1].Command is { } command)
            {
                CommandChosen?.Invoke(command);
            }
        }
        finally
        {
            DestroyMenu(menu);
        }
    }

    private unsafe static void Copy(string text, char* destination, int capacity)
    {
        var length = Math.Min(text.Length, capacity - 1);
        for (var i = 0; i < length; i++)
        {
            destination[i] = text[i];
        }

        destination[length] = '\0';
    }
}
