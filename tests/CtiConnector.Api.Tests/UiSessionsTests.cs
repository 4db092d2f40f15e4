using CtiConnector.Api.Ui;
using CtiConnector.Testing.Time;

namespace CtiConnector.Api.Tests;

/// <summary>The one-time codes and idle-expiring sessions behind the web UI's sign-in, on a manual clock.</summary>
public sealed class UiSessionsTests
{
    [Fact]
    public void ACodeOpensOneSessionAndOnlyOnce()
    {
        var sessions = new UiSessions(new ManualTimeProvider());
        var (code, _) = sessions.CreateCode();

        var session = sessions.Redeem(code);

        Assert.NotNull(session);
        Assert.True(sessions.Touch(session));
        Assert.Null(sessions.Redeem(code));
    }

    [Fact]
    public void ACodeExpiresAfterTwoMinutes()
    {
        var time = new ManualTimeProvider();
        var sessions = new UiSessions(time);
        var (code, expiresAt) = sessions.CreateCode();

        time.Advance(UiSessions.CodeLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(1), expiresAt);
        Assert.Null(sessions.Redeem(code));
    }

    [Fact]
    public void CodesAndSessionsAreRandomAndLong()
    {
        var sessions = new UiSessions(new ManualTimeProvider());

        var first = sessions.CreateCode().Code;
        var second = sessions.CreateCode().Code;

        Assert.NotEqual(first, second);
        Assert.Equal(43, first.Length);
        Assert.Null(sessions.Redeem("not-a-code"));
        Assert.False(sessions.Touch("not-a-session"));
    }

    [Fact]
    public void ASessionEndsAfterTwelveIdleHoursButUseKeepsItAlive()
    {
        var time = new ManualTimeProvider();
        var sessions = new UiSessions(time);
        var used = sessions.Redeem(sessions.CreateCode().Code);
        var idle = sessions.Redeem(sessions.CreateCode().Code);

        time.Advance(TimeSpan.FromHours(11));
        Assert.True(sessions.Touch(used));
        time.Advance(TimeSpan.FromHours(2));

        Assert.True(sessions.Touch(used));
        Assert.False(sessions.Touch(idle));
    }

    [Fact]
    public void ASessionEndedByLogoutIsGone()
    {
        var sessions = new UiSessions(new ManualTimeProvider());
        var session = sessions.Redeem(sessions.CreateCode().Code);

        Assert.True(sessions.End(session));

        Assert.False(sessions.Touch(session));
    }

    [Fact]
    public void WithAFileASessionOutlivesARestartAndTheFileHoldsNoUsableId()
    {
        var folder = Directory.CreateTempSubdirectory("cti-ui-sessions-").FullName;
        try
        {
            var file = Path.Combine(folder, "ui-sessions.json");
            var time = new ManualTimeProvider();
            var session = new UiSessions(time, file).Redeem(new UiSessions(time, file).CreateCode().Code);
            Assert.Null(session);

            var before = new UiSessions(time, file);
            session = before.Redeem(before.CreateCode().Code);
            var ended = before.Redeem(before.CreateCode().Code);
            before.End(ended);
            var after = new UiSessions(time, file);

            Assert.True(after.Touch(session));
            Assert.False(after.Touch(ended));
            Assert.DoesNotContain(session!, File.ReadAllText(file), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            time.Advance(UiSessions.IdleLifetime + TimeSpan.FromMinutes(1));
            Assert.False(new UiSessions(time, file).Touch(session));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
