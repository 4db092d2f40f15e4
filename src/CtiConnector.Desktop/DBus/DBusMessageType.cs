namespace CtiConnector.Desktop.DBus;

/// <summary>The message types of the D-Bus wire protocol (specification, "Message Format").</summary>
public enum DBusMessageType : byte
{
    Invalid = 0,
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}
