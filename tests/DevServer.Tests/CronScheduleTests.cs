using Release.DevServer.Engine;

namespace DevServer.Tests;

/// <summary>The cron_schedule forms the real server accepts, and when each fires next.</summary>
public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 1, 7, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 * * * *", 30)]
    [InlineData("*/5 * * * *", 5)]
    [InlineData("@hourly", 30)]
    [InlineData("@every 90s", 1.5)]
    [InlineData("@every 1h30m", 90)]
    [InlineData("CRON_TZ=Europe/Paris 0 9 * * *", 30)]
    [InlineData("0 9 * * MON-FRI", 90)]
    public void Backoff_ValidSchedule_UntilNextTime(string schedule, double minutes)
    {
        Assert.True(CronSchedule.TryParse(schedule, out var cron));
        Assert.Equal(TimeSpan.FromMinutes(minutes), cron.Backoff(Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("every tuesday")]
    [InlineData("61 * * * *")]
    [InlineData("@every 0s")]
    [InlineData("@every soon")]
    [InlineData("CRON_TZ=Nowhere/Atlantis 0 9 * * *")]
    public void TryParse_InvalidSchedule_Refused(string schedule) =>
        Assert.False(CronSchedule.TryParse(schedule, out _));
}
