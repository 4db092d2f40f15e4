using System.Net;
using CtiConnector.Sip.Messages;
using CtiConnector.Sip.Parsing;
using FsCheck;
using FsCheck.Fluent;

namespace CtiConnector.Sip.Tests.Messages;

/// <summary>
/// Property tests (FsCheck): generated header names and values, display names full of quotes and
/// backslashes (RFC 3261 §25.1 quoted-pair), and sip/sips URIs (§19.1) survive write → parse.
/// </summary>
public sealed class SipRoundTripProperties
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";

    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Gen<string> Token(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(TokenChars.ToCharArray()), length)
        select new string(chars);

    /// <summary>Text a header value or display name may hold: printable ASCII, tabs, spaces and some UTF-8.</summary>
    private static Gen<string> Text(int max) =>
        from length in Gen.Choose(0, max)
        from chars in Gen.ArrayOf(
            Gen.Frequency(
                (8, Gen.Choose(0x20, 0x7E).Select(c => (char)c)),
                (2, Gen.Elements('"', '\\', '\t', ',', ';', '<', '>')),
                (1, Gen.Elements('é', 'Ü', '€', '日', 'ß'))),
            length)
        select new string(chars);

    private static Gen<string> HeaderName =>
        Token(2, 24).Where(n => HeaderNames.Identify(n) == HeaderId.Other);

    private static Gen<string> Host =>
        Gen.OneOf(
            from labels in Gen.ArrayOf(
                from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray())
                from rest in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), 5)
                select first + new string(rest).TrimEnd('-'),
                3)
            select string.Join('.', labels),
            from parts in Gen.ArrayOf(Gen.Choose(0, 255), 4)
            select string.Join('.', parts),
            from parts in Gen.ArrayOf(Gen.Choose(0, 255), 16)
            select new IPAddress(parts.Select(p => (byte)p).ToArray()).ToString());

    private static Gen<SipUri> Uri =>
        from secure in Gen.Elements(false, true)
        from user in Gen.OneOf(Gen.Constant<string?>(null), Text(12).Where(t => t.Length > 0).Select(t => (string?)SipUri.EscapeUser(t)))
        from host in Host
        from port in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 65535).Select(p => (int?)p))
        from parameters in Gen.ArrayOf(
            from name in Token(1, 8)
            from value in Gen.OneOf(Gen.Constant<string?>(null), Token(1, 10).Select(v => (string?)v))
            select (name, value),
            3)
        from headers in Gen.OneOf(Gen.Constant<string?>(null), Token(1, 6).Select(h => (string?)("h=" + h)))
        select Build(secure, user, host, port, parameters, headers);

    [Fact]
    public void GeneratedUnknownHeadersSurviveWriteAndParse()
    {
        var gen =
            from headers in Gen.ListOf(from name in HeaderName from value in Text(40) select (name, value: value.Trim(' ', '\t')))
            from body in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
            select (headers, body);

        Check.One(s_config, Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:bob@example.com"));
            foreach (var (name, value) in sample.headers)
            {
                request.Headers.Add(name, value);
            }

            request.Body = sample.body;
            var parsed = SipMessageWriterTests.Parse(SipMessageWriter.Write(request));

            var expected = sample.headers.Select(h => new SipHeader(HeaderId.Other, h.name, h.value));
            Assert.Equal(expected, SipMessageWriterTests.Headers(parsed));
            Assert.Equal(sample.body, parsed.Body.ToArray());
            Assert.Equal(sample.body.Length, parsed.ContentLength);
        }));
    }

    [Fact]
    public void DisplayNamesWithQuotesAndBackslashesSurviveWriteAndParse()
    {
        var gen =
            from display in Text(30).Where(d => d.Length > 0)
            from tag in Token(1, 12)
            select (display, tag);

        Check.One(s_config, Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:bob@example.com"));
            request.SetFrom(new NameAddress(SipUri.Parse("sip:alice@example.com"), sample.display) { Tag = sample.tag });

            var parsed = SipMessageWriterTests.Parse(SipMessageWriter.Write(request));

            Assert.Equal(sample.display, parsed.From?.DisplayName);
            Assert.Equal(sample.tag, parsed.FromTag);
            Assert.Equal("sip:alice@example.com", parsed.From?.Uri.ToString());
        }));
    }

    [Fact]
    public void GeneratedUrisSurviveToStringAndParse()
    {
        Check.One(s_config, Prop.ForAll(Uri.ToArbitrary(), uri =>
        {
            var text = uri.ToString();

            Assert.True(SipUri.TryParse(text, out var back), text);
            Assert.Equal(text, back.ToString());
            Assert.Equal((uri.Scheme, uri.User, uri.Host, uri.Port, uri.Headers), (back.Scheme, back.User, back.Host, back.Port, back.Headers));
            Assert.Equal(uri.Parameters.ToArray(), back.Parameters.ToArray());
            Assert.True(uri.IsEquivalentTo(back));
        }));
    }

    [Fact]
    public void GeneratedRequestUrisAndEscapedUsersSurviveAWholeMessage()
    {
        var gen =
            from uri in Uri
            from user in Text(16).Where(t => t.Length > 0)
            select (uri, user);

        Check.One(s_config, Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            sample.uri.User = SipUri.EscapeUser(sample.user);
            var request = new SipRequest(SipMethods.Invite, sample.uri);
            request.SetTo(new NameAddress(sample.uri.Clone()));

            var parsed = (SipRequest)SipMessageWriterTests.Parse(SipMessageWriter.Write(request));

            Assert.Equal(sample.uri.ToString(), parsed.RequestUriText);
            Assert.Equal(sample.user, parsed.RequestUri?.UserUnescaped);
            Assert.True(sample.uri.IsEquivalentTo(parsed.To?.Uri));
        }));
    }

    [Fact]
    public void CSeqNumbersBelowTwoToTheThirtyOneRoundTripAndAboveAreRefused()
    {
        var gen =
            from number in Gen.Choose(0, int.MaxValue)
            from method in Token(1, 10)
            from excess in Gen.Choose(0, int.MaxValue)
            select (number, method, excess);

        Check.One(s_config, Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var cseq = new CSeqHeader(sample.number, sample.method);

            Assert.True(CSeqHeader.TryParse(cseq.ToString(), out var back));
            Assert.Equal(cseq, back);
            Assert.False(CSeqHeader.TryParse($"{(long)int.MaxValue + 1 + sample.excess} {sample.method}", out _));
        }));
    }

    private static SipUri Build(bool secure, string? user, string host, int? port, (string Name, string? Value)[] parameters, string? headers)
    {
        var uri = SipUri.Sip(user, host, port, secure);
        uri.Headers = headers;
        foreach (var (name, value) in parameters)
        {
            // Names compare case-insensitively: a later duplicate would overwrite, so keep the first.
            if (!uri.Parameters.Contains(name))
            {
                uri.Parameters.Set(name, value);
            }
        }

        return uri;
    }
}
