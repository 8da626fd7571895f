using Release.CircleCiSimulator;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>
/// The light form of the chaos bench (bench/ReleaseBench, section chaos): worker processes and the
/// dev server process killed with SIGKILL at seeded moments of a release, while CircleCI answers
/// 429s, 500s, slow answers and loses trigger answers. Nothing may be lost or repeated.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class ChaosTests
{
    private const string JobDetailsRoute = "GET /api/v2/project/{vcs}/{org}/{repo}/job/{jobNumber}";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task RunAsync_WorkersAndServerKilledUnderCircleCiFaults_SucceedsWithOneTriggerEach()
    {
        var port = DevServerProcess.FreePort();
        var database = Path.Combine(Path.GetTempPath(), $"chaos-{Guid.NewGuid():N}.db");
        var server = await DevServerProcess.StartAsync(port, database);
        var workers = new List<WorkerProcess>();
        try
        {
            var client = await ConnectAsync(port);
            await using var harness = await ReleaseHarness.StartAsync(client, Scenarios.Chaos, inProcessWorker: false);
            var environment = new Dictionary<string, string>
            {
                ["TEMPORAL_ADDRESS"] = $"127.0.0.1:{port}",
                ["TEMPORAL_TASK_QUEUE"] = harness.TaskQueue,
                ["CIRCLECI_BASE_URL"] = harness.Simulator.BaseUrl.ToString(),
                ["CIRCLECI_TOKEN"] = ReleaseHarness.Token,
            };
            workers.AddRange([WorkerProcess.Start(environment), WorkerProcess.Start(environment)]);

            // Timeouts scaled down with the pipelines, so each kill costs seconds (the bench keeps the real ones).
            var watch = ReleaseHarness.FastWatch with { CallTimeout = TimeSpan.FromSeconds(3), HeartbeatTimeout = TimeSpan.FromSeconds(2) };
            var stages = new[] { new[] { "a1", "a2", "a3" }, ["b1", "b2"], ["c1", "c2"] };
            var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(stages), new ReleaseSettings(Watch: watch), timeout: TimeSpan.FromMinutes(4));
            var result = ResultAsync(port, handle.Id);

            var random = new Random(11);
            var kills = new List<string>();
            var stats = () => harness.Simulator.GetStats();
            long callsAtServerKill = 0;
            var watchOffset = random.Next(3, 12);
            int? AnyWorker(bool due) => due ? random.Next(workers.Count) : null;

            // Each returns who to kill once due: a worker's index, or ServerKill.
            var schedule = new (string Name, Func<Task<int?>> Due)[]
            {
                ("a worker, stage 1 triggering", async () => AnyWorker(Triggers(stats()) >= 1)),
                ("the worker running stage 1's snapshot", () => SnapshotHolderAsync(client, handle.Id, workers)),
                ("the dev server, stage 2 triggering", async () => Triggers(stats()) >= 4 ? ServerKill : null),
                ("a worker, stage 2 watching", async () => AnyWorker(Triggers(stats()) >= 5 && stats().TotalCalls >= callsAtServerKill + watchOffset)),
                ("a worker, stage 3 triggering", async () => AnyWorker(Triggers(stats()) >= 6)),
            };
            foreach (var (name, due) in schedule)
            {
                var victim = await WaitForAsync(due, result, workers, name);
                if (victim is null)
                {
                    break;
                }

                if (victim == ServerKill)
                {
                    server.Dispose();
                    callsAtServerKill = stats().TotalCalls;
                    server = await DevServerProcess.StartAsync(port, database);
                }
                else
                {
                    workers[victim.Value].Dispose();
                    workers[victim.Value] = WorkerProcess.Start(environment);
                }

                kills.Add(name);
            }

            var summary = await result;

            Assert.Equal(StageOutcomes.Succeeded, summary.Outcome);
            Assert.Equal(schedule.Select(k => k.Name), kills);
            var final = stats();
            Assert.True(final.Faults.Values.Sum() > 0, "the simulator injected no fault");
            foreach (var name in stages.SelectMany(s => s))
            {
                Assert.Equal(1, final.TriggersOf($"gh/acme/{name}"));
            }

            // The killed snapshot was retried once its heartbeat stopped, not after its 10 minutes.
            var history = (await (await ConnectAsync(port)).GetWorkflowHandle(handle.Id).FetchHistoryAsync()).Events;
            var snapshot = history.First(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == ActivityNames.SnapshotStage);
            var started = history.First(e => e.ActivityTaskStartedEventAttributes?.ScheduledEventId == snapshot.EventId).ActivityTaskStartedEventAttributes;
            Assert.True(started.Attempt >= 2, "the first stage snapshot ran only once, so the kill did not interrupt it");
            Assert.Equal(TimeoutType.Heartbeat, started.LastFailure.TimeoutFailureInfo?.TimeoutType);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
            server.Dispose();
            File.Delete(database);
        }
    }

    private const int ServerKill = -1;

    private static long Triggers(SimulatorStatsSnapshot stats) => stats.Triggers.Values.Sum();

    // The worker whose identity Temporal shows on the release's running SnapshotStage activity.
    private static async Task<int?> SnapshotHolderAsync(ITemporalClient client, string releaseId, List<WorkerProcess> workers)
    {
        var described = await client.WorkflowService.DescribeWorkflowExecutionAsync(
            new() { Namespace = client.Options.Namespace, Execution = new() { WorkflowId = releaseId } });
        var pending = described.PendingActivities;
        var snapshot = pending.FirstOrDefault(a => a.ActivityType.Name == ActivityNames.SnapshotStage && a.State == PendingActivityState.Started);
        var holder = snapshot is null ? -1 : workers.FindIndex(w => snapshot.LastWorkerIdentity.StartsWith(w.IdentityPrefix, StringComparison.Ordinal));
        return holder >= 0 ? holder : null;
    }

    // Waits through the dev server's restarts: a fresh connection after any RPC failure.
    private static async Task<ReleaseSummary> ResultAsync(int port, string workflowId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var client = await ConnectAsync(port);
                return await client.GetWorkflowHandle<ReleaseWorkflow, ReleaseSummary>(workflowId).GetResultAsync();
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task<ITemporalClient> ConnectAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await TemporalClient.ConnectAsync(new($"127.0.0.1:{port}"));
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <returns>Who to kill, or null once the release has ended.</returns>
    private static async Task<int?> WaitForAsync(Func<Task<int?>> due, Task result, List<WorkerProcess> workers, string kill)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!result.IsCompleted)
        {
            if (await due() is { } victim)
            {
                return victim;
            }

            var exited = workers.FirstOrDefault(w => w.HasExited);
            Assert.True(exited is null, $"a worker exited on its own before the kill of {kill}; its output:\n{exited?.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the release never reached the kill of {kill}");
            await Task.Delay(20);
        }

        return null;
    }
}
