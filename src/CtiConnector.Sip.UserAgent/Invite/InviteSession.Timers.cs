using System.Globalization;
using CtiConnector.Sip.Messages;

namespace CtiConnector.Sip.UserAgent.Invite;

/// <summary>
/// Session timers (RFC 4028): when the peer asks for a session interval, the side named refresher sends a
/// re-INVITE every half interval, so that proxies and the peer know the call is still alive. We accept the
/// peer's interval and refresher; when the refresher is us, <see cref="RefreshDue"/> asks the layer above for
/// the re-INVITE (it owns the SDP).
/// </summary>
public sealed partial class InviteSession
{
    private ITimer? _refreshTimer;

    /// <summary>The negotiated session interval, or null when no session timer runs.</summary>
    public TimeSpan? SessionInterval { get; private set; }

    /// <summary>True when we are the refresher of the session timer.</summary>
    public bool IsRefresher { get; private set; }

    /// <summary>Time to send a session refresh (a re-INVITE with the current SDP, see <see cref="ReinviteAsync"/>).</summary>
    public event Action<InviteSession>? RefreshDue;

    /// <summary>Parses <c>Session-Expires: 1800;refresher=uac</c> (RFC 4028 §4).</summary>
    internal static bool TryParseSessionExpires(string? value, out int seconds, out string? refresher)
    {
        seconds = 0;
        refresher = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)
        {
            return false;
        }

        foreach (var part in parts.Skip(1))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length == 2 && kv[0].Equals("refresher", StringComparison.OrdinalIgnoreCase))
            {
                refresher = kv[1].ToLowerInvariant();
            }
        }

        return true;
    }

    /// <summary>
    /// UAS side (RFC 4028 §9): answer an INVITE that asked for a session timer with the same interval and refresher
    /// (the caller's choice, else the caller refreshes).
    /// </summary>
    private void AddSessionTimerToAnswer(SipRequest request, SipResponse response)
    {
        if (!TryParseSessionExpires(request.Headers[HeaderId.SessionExpires], out var seconds, out var refresher))
        {
            return;
        }

        refresher ??= "uac";
        response.Headers.Set(HeaderId.SessionExpires, seconds.ToString(CultureInfo.InvariantCulture) + ";refresher=" + refresher);
        if (SupportsTimer(request))
        {
            response.Headers.Add(HeaderId.Require, "timer");
        }

        // We are the UAS of this transaction: "uas" names us.
        ArmSessionTimer(TimeSpan.FromSeconds(seconds), refresher == "uas");
    }

    /// <summary>UAC side (RFC 4028 §7.2): the 2xx says the interval and who refreshes ("uac" is us).</summary>
    private void ReadSessionTimerFromAnswer(SipResponse response)
    {
        if (TryParseSessionExpires(response.Headers[HeaderId.SessionExpires], out var seconds, out var refresher))
        {
            ArmSessionTimer(TimeSpan.FromSeconds(seconds), refresher is null or "uac");
        }
    }

    private void ArmSessionTimer(TimeSpan interval, bool weRefresh)
    {
        SessionInterval = interval;
        IsRefresher = weRefresh;
        _refreshTimer?.Dispose();
        _refreshTimer = null;
        if (!weRefresh)
        {
            return;
        }

        // §10: refresh at half the interval.
        _refreshTimer = _core.Time.CreateTimer(
            _ =>
            {
                if (State == InviteSessionState.Confirmed)
                {
                    RefreshDue?.Invoke(this);
                }
            },
            null,
            interval / 2,
            interval / 2);
    }

    private void StopSessionTimer()
    {
        _refreshTimer?.Dispose();
        _refreshTimer = null;
    }

    private static bool SupportsTimer(SipRequest request)
    {
        foreach (var option in request.Headers.GetValues(HeaderId.Supported))
        {
            if (option.Equals("timer", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
