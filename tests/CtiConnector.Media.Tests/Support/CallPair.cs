using System.Net;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;

namespace CtiConnector.Media.Tests.Support;

/// <summary>Two media sessions on 127.0.0.1 that negotiated with each other (A offers, B answers).</summary>
internal sealed class CallPair : IAsyncDisposable
{
    private CallPair(MediaSession a, MediaSession b)
    {
        A = a;
        B = b;
    }

    public MediaSession A { get; }

    public MediaSession B { get; }

    public static MediaSessionOptions Options(AudioNegotiationOptions? negotiation = null, TimeSpan? rtcp = null) => new()
    {
        LocalAddress = IPAddress.Loopback,
        PortRange = new RtpPortRange(30000, 39999),
        Negotiation = negotiation ?? new AudioNegotiationOptions(),
        RtcpInterval = rtcp ?? TimeSpan.FromSeconds(5),
    };

    public static CallPair Connect(IAudioDevice deviceA, IAudioDevice deviceB, MediaSessionOptions? optionsA = null, MediaSessionOptions? optionsB = null, Func<string, string>? tamperOffer = null, Func<string, string>? tamperAnswer = null)
    {
        var a = MediaSession.Create(optionsA ?? Options(), deviceA);
        var b = MediaSession.Create(optionsB ?? Options(), deviceB);
        var offerText = a.CreateOffer().ToString();
        offerText = tamperOffer?.Invoke(offerText) ?? offerText;
        Assert.True(SessionDescription.TryParse(offerText, out var offer, out _));
        Assert.True(b.TryAnswerOffer(offer, out var answer, out var failure), failure?.ToString());
        var answerText = answer.ToString();
        answerText = tamperAnswer?.Invoke(answerText) ?? answerText;
        Assert.True(SessionDescription.TryParse(answerText, out var parsedAnswer, out _));
        Assert.True(a.TryApplyAnswer(parsedAnswer, out failure), failure?.ToString());
        a.Start();
        b.Start();
        return new CallPair(a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
