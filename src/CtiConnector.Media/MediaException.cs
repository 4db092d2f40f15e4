namespace CtiConnector.Media;

/// <summary>
/// A media resource could not be obtained or used: no free RTP port, an audio device missing or
/// refused. The message names the resource and the cause, fit to show to the user.
/// </summary>
public class MediaException : Exception
{
    /// <summary>Creates an exception.</summary>
    public MediaException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public MediaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public MediaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
