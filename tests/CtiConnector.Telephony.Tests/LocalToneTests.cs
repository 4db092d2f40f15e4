using System.Net;
using System.Net.Sockets;
using CtiConnector.Core.Model;
using CtiConnector.Core.Telephony;
using CtiConnector.Testing.Audio;
using CtiConnector.Testing.Sipp;

namespace CtiConnector.Telephony.Tests;

/// <summary>
/// The tones a call plays on the local device before it is answered, recorded by the WAV file device, with sipp as
/// the other side. Verifies: an incoming call rings (440 + 480 Hz) through the device while no RTP leaves, and RTP
/// flows once answered; an outgoing call that gets 180 without SDP plays ringback (440 Hz) until it is cancelled.
/// Does not verify: the cadence's timing (the media tests step it on a manual clock), sound servers.
/// </summary>
public sealed class LocalToneTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cti-tone-").FullName;

    [Fact]
    public async Task AnIncomingCallRingsOnTheDeviceWithoutRtpUntilItIsAnswered()
    {
        var microphone = Path.Combine(_dir, "mic.wav");
        var heard = Path.Combine(_dir, "heard.wav");
        TestTones.WriteSineWav(microphone, 1000, 60);
        using var peerRtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peerRtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var harness = await TelephonyHarness.StartAsync(o => o.AudioDevice = $"file:{microphone},{heard}");
        var scenario = SippScenarios.Load("uac-ring-answer.xml", ("@MEDIA_PORT@", ((IPEndPoint)peerRtp.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var sipp = SippRunner.Start(scenario, $"127.0.0.1:{harness.Telephony.SipPort}", "-s", "cti", "-m", "1");

        var started = harness.Next<CallStarted>(context: sipp.Describe);
        var ringing = await TestTones.WaitForRecordingAsync(heard, 2 * 8000);

        Assert.Equal(0, peerRtp.Available);
        AssertTone(ringing.AsSpan(0, 8000), "ring", 440, 480);
        await harness.Telephony.AnswerAsync(started.CallId, CancellationToken.None);
        Assert.Equal(started.CallId, harness.Next<CallAnswered>(context: sipp.Describe).CallId);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.True(await peerRtp.ReceiveAsync(new byte[1500], SocketFlags.None, timeout.Token) > 12);
        }

        await harness.Telephony.HangupAsync(started.CallId, CancellationToken.None);
        Assert.Equal(CallDisposition.Answered, harness.Next<CallEnded>(context: sipp.Describe).Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    [Fact]
    public async Task AnOutgoingCallPlaysRingbackWhileTheFarEndRings()
    {
        var heard = Path.Combine(_dir, "heard.wav");
        await using var harness = await TelephonyHarness.StartAsync(o => o.AudioDevice = $"file:,{heard}");
        await using var sipp = SippRunner.Start(SippScenarios.Load("uas-ring-cancel.xml"), "-m", "1");

        await harness.Telephony.DialAsync(new DialRequest("ringback-1", sipp.Uri(), null), CancellationToken.None);
        Assert.Equal("ringback-1", harness.Next<CallRinging>(context: sipp.Describe).CallId);
        var ringback = await TestTones.WaitForRecordingAsync(heard, 2 * 8000);
        await harness.Telephony.HangupAsync("ringback-1", CancellationToken.None);

        AssertTone(ringback.AsSpan(0, 8000), "ringback", 440);
        Assert.Equal(CallDisposition.Cancelled, harness.Next<CallEnded>(context: sipp.Describe).Disposition);
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, sipp.Describe());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static void AssertTone(ReadOnlySpan<short> samples, string name, params double[] frequencies)
    {
        // The device writes whole frames from the first one: the first second is the tone's first "on" period.
        Assert.True(TestTones.Rms(samples) > 0.05, $"The {name} is silent.");
        foreach (var frequency in frequencies)
        {
            Assert.True(TestTones.Power(samples, frequency, 8000) > 0.8 / frequencies.Length, $"No {frequency} Hz in the {name}.");
        }

        Assert.True(TestTones.Power(samples, 1000, 8000) < 0.01, $"The {name} carries the microphone's 1000 Hz.");
    }
}
