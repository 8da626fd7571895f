using System.Net;
using Temporalio.Client.Schedules;
using Temporalio.Worker;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>The web UI's /schedules pages over HTTP and in Chromium: the list, one schedule's details, a missing one.</summary>
public sealed class SchedulesPageTests(WebUiFixture ui) : IClassFixture<WebUiFixture>
{
    [Fact]
    public async Task SchedulesPage_ListAndDetails_ShowTheScheduleAndItsActions()
    {
        var queue = DevServerFixture.NewTaskQueue();
        using var worker = new TemporalWorker(ui.Client, new TemporalWorkerOptions(queue).AddWorkflow<ScheduledGreetingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var id = $"ui-{NewScheduleId()}";
            var handle = await ui.Client.CreateScheduleAsync(id, new Schedule(GreetingAction("ui-collect", queue), new ScheduleSpec
            {
                Intervals = [new ScheduleIntervalSpec(TimeSpan.FromHours(6))],
            })
            {
                State = new ScheduleState { Note = "nightly <collection>" },
            });
            await handle.TriggerAsync();
            var described = await WaitForAsync(handle, d => d.Info.NumActions == 1 && d.Info.RunningActions.Count == 0);
            var workflowId = WorkflowIdOf(described.Info.RecentActions.Single());

            var list = await ui.Http.GetStringAsync($"{ui.UiAddress}/schedules?namespace=default");
            using var detailsResponse = await ui.Http.GetAsync($"{ui.UiAddress}/schedules?namespace=default&id={Uri.EscapeDataString(id)}");
            var details = await detailsResponse.Content.ReadAsStringAsync();
            var home = await ui.Http.GetStringAsync(ui.ListUrl());
            var rendered = await WebUiBrowser.DumpDomAsync($"{ui.UiAddress}/schedules?namespace=default");

            Assert.Contains($"href=\"/schedules?namespace=default&amp;id={id}\"", list, StringComparison.Ordinal);
            Assert.Contains("ScheduledGreetingWorkflow", list, StringComparison.Ordinal);
            Assert.Contains("every 6 h 0 min", list, StringComparison.Ordinal);
            Assert.Contains("nightly &lt;collection&gt;", list, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, detailsResponse.StatusCode);
            Assert.Contains($"Schedule {id}", details, StringComparison.Ordinal);
            Assert.Contains("Skip", details, StringComparison.Ordinal);
            Assert.Contains(Uri.EscapeDataString(workflowId), details, StringComparison.Ordinal);
            Assert.Contains("Completed", details, StringComparison.Ordinal);
            Assert.Contains("href=\"/schedules?namespace=default\"", home, StringComparison.Ordinal);
            Assert.Contains(id, rendered, StringComparison.Ordinal);
            Assert.Contains("nightly &lt;collection&gt;", rendered, StringComparison.Ordinal);
            await handle.DeleteAsync();
        });
    }

    [Fact]
    public async Task SchedulesPage_MissingSchedule_NotFoundWithTheServersMessage()
    {
        using var response = await ui.Http.GetAsync($"{ui.UiAddress}/schedules?namespace=default&id=no-such-schedule");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("workflow not found for ID: temporal-sys-scheduler:no-such-schedule", html, StringComparison.Ordinal);
    }
}
