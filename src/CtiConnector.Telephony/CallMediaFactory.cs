using CtiConnector.Media;
using CtiConnector.Media.Audio;
using CtiConnector.Media.Rtp;
using CtiConnector.Media.Sdp;
using CtiConnector.Media.Srtp;
using Microsoft.Extensions.Logging;

namespace CtiConnector.Telephony;

/// <summary>
/// Creates each call's media on the configured address, port range and audio device. A device that cannot
/// be opened is reported once, in a sentence naming it, and the call still connects without sound.
/// </summary>
internal sealed partial class CallMediaFactory : ICallMediaFactory
{
    private readonly TelephonyOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _device;
    private int _deviceWarned;

    public CallMediaFactory(TelephonyOptions options, ILoggerFactory loggerFactory, TimeProvider time, string? device = null)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = loggerFactory.CreateLogger<CallMediaFactory>();
        _device = device ?? options.AudioDevice;
    }

    public ICallMedia Create(AccountOptions? account = null)
    {
        if (!AudioDeviceFactory.TryCreate(_device, out var device, out var error, _loggerFactory) || device is null)
        {
            if (Interlocked.Exchange(ref _deviceWarned, 1) == 0)
            {
                LogDeviceMissing(_device, error ?? "unknown error");
            }

            device = new NullAudioDevice();
        }

        var options = new MediaSessionOptions
        {
            LocalAddress = _options.Address,
            PortRange = new RtpPortRange(_options.RtpPortMin, _options.RtpPortMax),
            Negotiation = new AudioNegotiationOptions
            {
                CodecPreference = account?.Codecs is { Count: > 0 } codecs ? codecs : AudioNegotiationOptions.Default.CodecPreference,
                Encryption = account?.MediaEncryption ?? MediaEncryption.None,
            },
        };
        try
        {
            return new CallMedia(MediaSession.Create(options, device, ownsDevice: true, _loggerFactory, _time));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "Audio:Device '{Device}' cannot be used ({Reason}); calls connect without sound")]
    private partial void LogDeviceMissing(string device, string reason);
}
