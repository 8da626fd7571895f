using Google.Protobuf.WellKnownTypes;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>The times a spec matches, through ListScheduleMatchingTimes: cron, calendars, intervals, exclusions, zones.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ScheduleSpecTests(DevServerFixture server)
{
    private async Task<List<DateTime>> MatchingTimesAsync(ScheduleSpec spec, DateTime from, DateTime to)
    {
        var handle = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(GreetingAction("times", "tq-none"), spec)
        {
            State = new ScheduleState { Paused = true },
        });
        try
        {
            var response = await server.Client.WorkflowService.ListScheduleMatchingTimesAsync(new()
            {
                Namespace = "default",
                ScheduleId = handle.Id,
                StartTime = Timestamp.FromDateTime(from),
                EndTime = Timestamp.FromDateTime(to),
            });
            return response.StartTime.Select(t => t.ToDateTime()).ToList();
        }
        finally
        {
            await handle.DeleteAsync();
        }
    }

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Cron_WeekdaysInNewYork_FollowsTheDaylightSavingChange()
    {
        var times = await MatchingTimesAsync(new ScheduleSpec { CronExpressions = ["CRON_TZ=America/New_York 0 9 * * MON-FRI"] }, Utc(3, 5, 0), Utc(3, 10, 0));

        // 9:00 in New York is 14:00 UTC before 8 March 2026 and 13:00 UTC after; no weekend times.
        Assert.Equal([Utc(3, 5, 14), Utc(3, 6, 14), Utc(3, 9, 13)], times);
    }

    [Fact]
    public async Task Calendar_WithSkipAndEnd_ExcludesWeekendsAndStopsAtTheEnd()
    {
        var spec = new ScheduleSpec
        {
            Calendars = [new ScheduleCalendarSpec { Hour = [new ScheduleRange(12)] }],
            Skip = [new ScheduleCalendarSpec { Hour = [new ScheduleRange(0, 23)], Minute = [new ScheduleRange(0, 59)], Second = [new ScheduleRange(0, 59)], DayOfWeek = [new ScheduleRange(0), new ScheduleRange(6)] }],
            EndAt = Utc(3, 12, 13),
        };

        var times = await MatchingTimesAsync(spec, Utc(3, 2, 0), Utc(3, 20, 0));

        Assert.Equal([Utc(3, 2, 12), Utc(3, 3, 12), Utc(3, 4, 12), Utc(3, 5, 12), Utc(3, 6, 12), Utc(3, 9, 12), Utc(3, 10, 12), Utc(3, 11, 12), Utc(3, 12, 12)], times);
    }

    [Fact]
    public async Task Interval_WithPhaseAndStart_MatchesOffsetTimesFromTheStart()
    {
        var spec = new ScheduleSpec
        {
            Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(1), TimeSpan.FromMinutes(15))],
            StartAt = Utc(4, 1, 1),
        };

        var times = await MatchingTimesAsync(spec, Utc(4, 1, 0), Utc(4, 1, 4));

        Assert.Equal([Utc(4, 1, 1, 15), Utc(4, 1, 2, 15), Utc(4, 1, 3, 15)], times);
    }

    [Fact]
    public async Task Cron_StepsListsAndNames_MatchAsTheRealParserReadsThem()
    {
        var times = await MatchingTimesAsync(new ScheduleSpec { CronExpressions = ["*/20 8-9 1,15 jan-feb *"] }, Utc(1, 1, 0), Utc(3, 1, 0));

        var expected = new[] { 1, 15 }.SelectMany(day => new[] { 1, 2 }.SelectMany(month =>
            new[] { 8, 9 }.SelectMany(hour => new[] { 0, 20, 40 }.Select(minute => new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Utc)))));
        Assert.Equal(expected.Order(), times);
    }

    [Fact]
    public async Task Cron_Predefined_HourlyIsTheTopOfEachHour()
    {
        var times = await MatchingTimesAsync(new ScheduleSpec { CronExpressions = ["@hourly"] }, Utc(5, 1, 0, 30), Utc(5, 1, 3, 30));

        Assert.Equal([Utc(5, 1, 1), Utc(5, 1, 2), Utc(5, 1, 3)], times);
    }

    [Fact]
    public async Task Jitter_ThirtySeconds_DelaysEachTimeWithinTheBound()
    {
        var spec = new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(1))], Jitter = TimeSpan.FromSeconds(30) };

        var times = await MatchingTimesAsync(spec, Utc(6, 1, 0), Utc(6, 1, 23, 59));

        Assert.Equal(23, times.Count);
        Assert.All(times.Select((t, i) => (t, i)), x =>
        {
            var nominal = Utc(6, 1, x.i + 1);
            Assert.InRange(x.t, nominal, nominal.AddSeconds(30));
        });
    }
}
