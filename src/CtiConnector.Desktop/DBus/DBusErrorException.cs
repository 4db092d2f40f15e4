namespace CtiConnector.Desktop.DBus;

/// <summary>A method call was answered with a D-Bus error (<see cref="Name"/>, e.g. <c>org.freedesktop.DBus.Error.ServiceUnknown</c>).</summary>
public sealed class DBusErrorException : Exception
{
    public DBusErrorException(string name, string message)
        : base($"{name}: {message}")
    {
        Name = name;
    }

    public DBusErrorException()
    {
        Name = string.Empty;
    }

    public DBusErrorException(string message, Exception inner)
        : base(message, inner)
    {
        Name = string.Empty;
    }

    public DBusErrorException(string message)
        : base(message)
    {
        Name = string.Empty;
    }

    public string Name { get; }
}
