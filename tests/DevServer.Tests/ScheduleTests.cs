using System.Text.RegularExpressions;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Common;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>Schedules through the SDK: creation, describe, and an interval schedule a worker runs.</summary>
[Collection(DevServerCollection.Name)]
public sealed partial class ScheduleTests(DevServerFixture server)
{
    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex TimestampSuffix();

    [Fact]
    public async Task CreateSchedule_Interval_WorkerRunsEachAction()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = NewScheduleId();
            var handle = await server.Client.CreateScheduleAsync(id, new Schedule(
                GreetingAction("collect", worker.Options.TaskQueue!), Every(TimeSpan.FromSeconds(1))));

            var description = await WaitForAsync(handle, d => d.Info.NumActions >= 3);

            var recent = description.Info.RecentActions.Take(3).ToList();
            foreach (var action in recent)
            {
                var workflowId = WorkflowIdOf(action);
                Assert.StartsWith("collect-", workflowId, StringComparison.Ordinal);
                Assert.Matches(TimestampSuffix(), workflowId);
                // The id names the nominal time: the whole second the interval matched.
                Assert.Equal(action.ScheduledAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), workflowId["collect-".Length..]);
                Assert.Equal("hello ci", await server.Client.GetWorkflowHandle(workflowId).GetResultAsync<string>());
            }
            var first = await server.Client.GetWorkflowHandle(WorkflowIdOf(recent[0])).DescribeAsync();
            Assert.Equal(id, first.TypedSearchAttributes.Get(SearchAttributeKey.CreateKeyword("TemporalScheduledById")));
            Assert.Equal(recent[0].ScheduledAt, first.TypedSearchAttributes.Get(SearchAttributeKey.CreateDateTimeOffset("TemporalScheduledStartTime")).UtcDateTime);
            var history = await server.Client.GetWorkflowHandle(WorkflowIdOf(recent[0])).FetchHistoryAsync();
            Assert.Equal($"temporal-scheduler-default-{id}", history.Events.First().WorkflowExecutionStartedEventAttributes.Identity);
            Assert.True((await ScheduledRunsAsync(server.Client, id)).Count >= 3);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task DescribeSchedule_AfterCreate_RoundTripsScheduleAndDefaults()
    {
        var id = NewScheduleId();
        var start = DateTime.UtcNow.AddDays(1);
        var schedule = new Schedule(GreetingAction("round-trip", "tq-unused"), new ScheduleSpec
        {
            Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5))],
            Calendars = [new ScheduleCalendarSpec { Hour = [new ScheduleRange(9)], DayOfWeek = [new ScheduleRange(1, 5)], Comment = "weekdays" }],
            CronExpressions = ["30 18 * * *"],
            StartAt = start,
            Jitter = TimeSpan.FromSeconds(3),
            TimeZoneName = "Europe/Paris",
        })
        {
            State = new ScheduleState { Note = "created by test", LimitedActions = true, RemainingActions = 7 },
            Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.BufferAll, PauseOnFailure = true },
        };
        var handle = await server.Client.CreateScheduleAsync(id, schedule, new ScheduleOptions
        {
            Memo = new Dictionary<string, object> { ["team"] = "release" },
        });

        var description = await handle.DescribeAsync();

        Assert.Equal(id, description.Id);
        var spec = description.Schedule.Spec;
        Assert.Equal(TimeSpan.FromHours(1), spec.Intervals.Single().Every);
        Assert.Equal(TimeSpan.FromMinutes(5), spec.Intervals.Single().Offset);
        // The cron string comes back as a structured calendar, as the real server canonicalizes it.
        Assert.Empty(spec.CronExpressions);
        var calendars = spec.Calendars.ToList();
        Assert.Equal(2, calendars.Count);
        Assert.Equal("weekdays", calendars[0].Comment);
        Assert.Equal(new ScheduleRange(1, 5), calendars[0].DayOfWeek.Single());
        Assert.Equal(new ScheduleRange(18), calendars[1].Hour.Single());
        Assert.Equal(new ScheduleRange(30), calendars[1].Minute.Single());
        Assert.Equal("Europe/Paris", spec.TimeZoneName);
        Assert.Equal(TimeSpan.FromSeconds(3), spec.Jitter);
        Assert.Equal(start, spec.StartAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal("created by test", description.Schedule.State.Note);
        Assert.True(description.Schedule.State.LimitedActions);
        Assert.Equal(7, description.Schedule.State.RemainingActions);
        Assert.Equal(ScheduleOverlapPolicy.BufferAll, description.Schedule.Policy.Overlap);
        Assert.True(description.Schedule.Policy.PauseOnFailure);
        // Defaults the real server fills in eagerly.
        Assert.Equal(TimeSpan.FromDays(365), description.Schedule.Policy.CatchupWindow);
        Assert.Equal("release", await description.Memo["team"].ToValueAsync<string>());
        Assert.Equal(7, description.Info.NextActionTimes.Count);
        Assert.All(description.Info.NextActionTimes, t => Assert.True(t >= start.AddSeconds(-1)));
        Assert.Equal(0, description.Info.NumActions);
        Assert.Equal(DateTime.UtcNow, description.Info.CreatedAt, TimeSpan.FromMinutes(1));
        var action = Assert.IsType<ScheduleActionStartWorkflow>(description.Schedule.Action);
        Assert.Equal("ScheduledGreetingWorkflow", action.Workflow);
        Assert.Equal("round-trip", action.Options.Id);
        await handle.DeleteAsync();
    }
}
