using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;
using FsCheck;
using FsCheck.Fluent;

namespace CtiConnector.Sip.Tests.Parsing;

/// <summary>
/// Malformed network input is stopped at the parser or the validator, never thrown: wire fixtures with
/// random bytes flipped, inserted or cut, parsed as datagrams and as streams, then validated, read
/// field by field, written and parsed again. Also: stream framing never disagrees with FindMessageEnd.
/// </summary>
public sealed class SipMessageParserRobustnessProperties
{
    private static readonly byte[] s_special = "\r\n :;,\"<>\\@[]?=/\t\0\u007f"u8.ToArray();

    private static readonly byte[][] s_fixtures = WireFixture.AllNames().Select(WireFixture.Load).ToArray();

    private static Gen<byte[]> Mutated =>
        from index in Gen.Choose(0, s_fixtures.Length - 1)
        from edits in Gen.ListOf(
            from kind in Gen.Choose(0, 3)
            from at in Gen.Choose(0, 4096)
            from value in Gen.OneOf(Gen.Elements(s_special), Gen.Choose(0, 255).Select(b => (byte)b))
            select (kind, at, value))
        select Apply(s_fixtures[index], edits);

    [Fact]
    public void MutatedMessagesNeverThrowAnywhereFromParsingToWriting()
    {
        var outcomes = new int[3];
        var valid = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Mutated.ToArbitrary(), bytes =>
        {
            foreach (var isStream in (bool[])[false, true])
            {
                var status = SipMessageParser.TryParse(bytes, isStream, out var message, out var consumed, out var error);
                outcomes[(int)status]++;
                Assert.Equal(status == SipParseStatus.Complete, message is not null);
                Assert.InRange(consumed, 0, bytes.Length);
                if (status == SipParseStatus.Invalid)
                {
                    Assert.NotEqual(SipParseError.None, error);
                }

                if (isStream)
                {
                    var end = SipMessageParser.FindMessageEnd(bytes);
                    if (status == SipParseStatus.Complete)
                    {
                        Assert.Equal(consumed, end);
                    }
                    else if (status == SipParseStatus.NeedMore)
                    {
                        Assert.Equal(-1, end);
                    }
                }

                if (message is not null && Exercise(message, isStream))
                {
                    valid++;
                }
            }
        }));

        // The mutations reach every outcome, so the deeper code is exercised too.
        Assert.All(outcomes, count => Assert.InRange(count, 50, int.MaxValue));
        Assert.InRange(valid, 50, int.MaxValue);
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var gen = Gen.ArrayOf(Gen.OneOf(Gen.Elements(s_special), Gen.Choose(0, 255).Select(b => (byte)b)));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            var datagram = SipMessageParser.TryParse(bytes, false, out var message, out _, out _);
            var stream = SipMessageParser.TryParse(bytes, true, out _, out _, out _);

            Assert.NotEqual(SipParseStatus.NeedMore, datagram);
            Assert.True(Enum.IsDefined(stream));
            if (message is not null)
            {
                _ = Exercise(message, isStream: false);
            }
        }));
    }

    /// <summary>Every getter a caller may use, the validator and the writer: none may throw.</summary>
    private static bool Exercise(SipMessage message, bool isStream)
    {
        var verdict = SipMessageValidator.Validate(message, isStream);
        _ = (message.CallId, message.CSeq, message.TopVia?.Branch, message.From?.Tag, message.To?.Uri, message.ContentLength, message.Expires, message.BodyText);
        foreach (var header in message.Headers)
        {
            _ = message.Headers.GetValues(header.Id);
        }

        if (message is SipRequest request)
        {
            _ = request.RequestUri?.UserUnescaped;
        }

        var written = SipMessageWriter.Write(message);
        var status = SipMessageParser.TryParse(written, isStream: true, out var again, out var consumed, out _);

        // What was accepted is written in a form that parses again, whole.
        Assert.Equal(SipParseStatus.Complete, status);
        Assert.Equal(written.Length, consumed);
        Assert.Equal(message.Body.Length, again!.Body.Length);
        if (verdict.IsValid)
        {
            Assert.Equal(SipValidation.Ok, SipMessageValidator.Validate(again, isStream: true));
        }

        return verdict.IsValid;
    }

    private static byte[] Apply(byte[] original, List<(int Kind, int At, byte Value)> edits)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, at, value) in edits)
        {
            var position = bytes.Count == 0 ? 0 : at % (bytes.Count + 1);
            switch (kind)
            {
                case 0 when position < bytes.Count:
                    bytes[position] = value;
                    break;
                case 1:
                    bytes.Insert(position, value);
                    break;
                case 2 when position < bytes.Count:
                    bytes.RemoveAt(position);
                    break;
                case 3:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
            }
        }

        return [.. bytes];
    }
}
