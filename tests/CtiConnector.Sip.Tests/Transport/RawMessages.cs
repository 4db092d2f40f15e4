using System.Globalization;
using System.Text;

namespace CtiConnector.Sip.Tests.Transport;

/// <summary>Wire text for requests that tests write to sockets themselves.</summary>
internal static class RawMessages
{
    public static string Options(string via, string callId = "raw-call-1", string? extraHeaders = null, bool withCallId = true)
    {
        var builder = new StringBuilder();
        builder.Append("OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n");
        builder.Append("Via: ").Append(via).Append("\r\n");
        builder.Append("Max-Forwards: 70\r\n");
        builder.Append("From: <sip:tester@127.0.0.1>;tag=t1\r\n");
        builder.Append("To: <sip:probe@127.0.0.1>\r\n");
        if (withCallId)
        {
            builder.Append("Call-ID: ").Append(callId).Append("\r\n");
        }

        builder.Append("CSeq: 1 OPTIONS\r\n");
        builder.Append(extraHeaders);
        builder.Append("Content-Length: 0\r\n\r\n");
        return builder.ToString();
    }

    public static string Branch(int n) => "z9hG4bK-raw-" + n.ToString(CultureInfo.InvariantCulture);
}
