using System.Text;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Tests.Support;
using System.Net;

namespace CtiConnector.Media.Tests.Sdp;

/// <summary>Hostile input: random mutations of real bodies and random bytes must never throw.</summary>
public class SdpFuzzTests
{
    private static readonly string[] Fixtures = ["zoiper-offer.sdp", "linphone-offer.sdp", "baresip-offer.sdp", "asterisk-answer.sdp", "hold-with-video.sdp", "legacy-hold-lf.sdp"];

    private static string Mutate(Random random, string text)
    {
        var chars = new StringBuilder(text);
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits && chars.Length > 0; i++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(4))
            {
                case 0:
                    chars.Remove(at, Math.Min(random.Next(1, 8), chars.Length - at));
                    break;
                case 1:
                    const string alphabet = " =:/\r\n0123456789-ax";
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 2:
                    chars[at] = (char)random.Next(32, 127);
                    break;
                default:
                    chars.Insert(at, "\r\na=" + new string('9', random.Next(1, 25)));
                    break;
            }
        }

        return chars.ToString();
    }

    [Fact]
    public void MutatedBodiesNeverThrowAndWhatParsesWritesBackParseably()
    {
        var random = new Random(4566);
        var negotiator = new SdpNegotiator();
        var local = new IPEndPoint(IPAddress.Loopback, 20000);
        var origin = new SdpOrigin("-", "1", 1, "IN", "IP4", "127.0.0.1");
        var parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = Mutate(random, Fixture.Text(Fixtures[i % Fixtures.Length]));
            if (!SessionDescription.TryParse(text, out var sdp, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error.Detail));
                continue;
            }

            parsed++;
            Assert.True(SessionDescription.TryParse(sdp.ToString(), out _, out var again), $"{again}\n--- input ---\n{text}");
            negotiator.TryCreateAnswer(sdp, local, origin, MediaDirection.SendRecv, out _, out _, out _);
            negotiator.TryApplyAnswer(negotiator.CreateOffer(local, origin), sdp, out _, out _);
        }

        Assert.InRange(parsed, 100, 2900);
    }

    [Fact]
    public void RandomBytesNeverThrowFromTheRtpAndRtcpReaders()
    {
        var random = new Random(3550);
        var buffer = new byte[200];
        var rtpAccepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0 && length > 0)
            {
                buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
            }

            if (RtpPacket.TryRead(buffer.AsSpan(0, length), out var header, out _))
            {
                rtpAccepted++;
                Assert.Equal(length, header.PayloadOffset + header.PayloadLength + header.PaddingLength);
            }

            RtcpCompound.TryRead(buffer.AsSpan(0, length), out _, out _);
        }

        Assert.True(rtpAccepted > 0);
    }
}
