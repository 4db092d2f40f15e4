namespace CtiConnector.Desktop.DBus;

/// <summary>The bus sent something this client cannot read, or refused the connection.</summary>
public sealed class DBusProtocolException : Exception
{
    public DBusProtocolException(string message)
        : base(message)
    {
    }

    public DBusProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DBusProtocolException()
    {
    }
}
