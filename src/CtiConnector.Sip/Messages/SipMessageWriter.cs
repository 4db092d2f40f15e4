using System.Buffers;
using System.Globalization;
using System.Text;

namespace CtiConnector.Sip.Messages;

/// <summary>
/// Writes messages in canonical form: the start line, each header on its own line under its canonical
/// name (unknown headers under the name they came with), one Content-Length matching the body, the body.
/// </summary>
public static class SipMessageWriter
{
    public static byte[] Write(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        if (message is SipRequest request)
        {
            Append(output, request.Method);
            Append(output, " ");
            Append(output, request.RequestUriText);
            Append(output, " ");
            Append(output, request.Version);
        }
        else if (message is SipResponse response)
        {
            Append(output, response.Version);
            Append(output, " ");
            Append(output, response.StatusCode.ToString(CultureInfo.InvariantCulture));
            Append(output, " ");
            Append(output, response.ReasonPhrase);
        }

        Append(output, "\r\n");
        foreach (var header in message.Headers)
        {
            if (header.Id == HeaderId.ContentLength)
            {
                continue;
            }

            Append(output, header.Name);
            Append(output, ": ");
            Append(output, header.Value);
            Append(output, "\r\n");
        }

        Append(output, "Content-Length: ");
        Append(output, message.Body.Length.ToString(CultureInfo.InvariantCulture));
        Append(output, "\r\n\r\n");
        if (!message.Body.IsEmpty)
        {
            output.Write(message.Body.Span);
        }
    }

    private static void Append(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        output.Advance(written);
    }
}
