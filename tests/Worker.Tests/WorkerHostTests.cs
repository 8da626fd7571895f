using Microsoft.Extensions.Hosting;
using Release.Activities.CircleCi;
using Release.Logging;
using Release.Worker;
using Release.Worker.Hosting;
using Release.Worker.Settings;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>The hosted worker against the embedded dev server: health logs, real polling, graceful stop.</summary>
[Collection(DevServerCollection.Name)]
public sealed class WorkerHostTests(DevServerFixture server)
{
    [Fact]
    public async Task Start_LogsConnectedThenPolling_AndRunsWorkflows()
    {
        var (host, console, activities, queue) = Build(server.Address);
        using (host)
        {
            await host.StartAsync();
            await Eventually.WaitAsync(() => console.ToString().Contains($"Polling task queue {queue}", StringComparison.Ordinal), "the polling log");

            var result = await server.Client.ExecuteWorkflowAsync(
                (GateWorkflow wf) => wf.RunAsync("quick"),
                new(id: $"gate-{Guid.NewGuid()}", taskQueue: queue));

            await host.StopAsync();
            Assert.Equal("passed quick", result);
        }

        var log = console.ToString();
        var connected = log.IndexOf($"Connected to Temporal at {server.Address}, namespace default", StringComparison.Ordinal);
        var polling = log.IndexOf($"Polling task queue {queue} in namespace default (6 workflows, ", StringComparison.Ordinal);
        Assert.InRange(connected, 0, polling);
        Assert.Contains("Release events go to the file ", log, StringComparison.Ordinal);
        Assert.Contains($"Worker stopped polling task queue {queue}", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_WaitsForTheRunningActivityToFinish()
    {
        var (host, console, activities, queue) = Build(server.Address);
        using (host)
        {
            await host.StartAsync();
            activities.Close("slow");
            var handle = await server.Client.StartWorkflowAsync(
                (GateWorkflow wf) => wf.RunAsync("slow"),
                new(id: $"gate-{Guid.NewGuid()}", taskQueue: queue));
            await Eventually.WaitAsync(() => activities.Started.ContainsKey("slow"), "the activity to start");

            var stopping = host.StopAsync();
            await Eventually.WaitAsync(() => console.ToString().Contains("Stopping: no new tasks", StringComparison.Ordinal), "the drain log");
            Assert.False(stopping.IsCompleted, "the host stopped before its running activity finished");
            activities.Open("slow");
            await stopping;

            var events = new List<EventType>();
            await foreach (var e in handle.FetchHistoryEventsAsync())
            {
                events.Add(e.EventType);
            }

            Assert.Contains(EventType.ActivityTaskCompleted, events);
        }

        Assert.Contains($"Worker stopped polling task queue {queue}", console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownNamespace_StopsWithExitCode2AndOneLine()
    {
        var (host, console, _, _) = Build(server.Address, @namespace: "no-such-namespace");
        using (host)
        {
            await host.StartAsync();
            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, ((WorkerExit)host.Services.GetService(typeof(WorkerExit))!).Code);
        }

        Assert.Contains(
            $"ERR [ReleaseWorkerService] TEMPORAL_NAMESPACE (Temporal:Namespace) 'no-such-namespace' does not exist on {server.Address}; create it or pick another.",
            console.ToString(),
            StringComparison.Ordinal);
    }

    private static (IHost Host, SyncStringWriter Console, GateActivities Activities, string Queue) Build(string address, string @namespace = "default")
    {
        var queue = $"worker-tests-{Guid.NewGuid():N}";
        var console = new SyncStringWriter();
        var activities = new GateActivities();
        var settings = new WorkerSettings
        {
            Temporal = new TemporalSettings { Address = address, Namespace = @namespace, TaskQueue = queue },
            CircleCi = new CircleCiClientOptions { Token = "unused-token-in-these-tests" },
            GracefulShutdownTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddReleaseLogging(new LogSettings { ConsoleWriter = console, ConsoleColors = false });
        builder.AddReleaseWorker(settings)
            .AddWorkflow<GateWorkflow>()
            .AddActivitiesInstance(activities);
        return (builder.Build(), console, activities, queue);
    }
}
