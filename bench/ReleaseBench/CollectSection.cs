using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Release.Analytics.Store;
using Release.CircleCiSimulator;
using Release.Workflows.Collection;
using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>
/// Collection throughput (issue 13): a simulator history of many projects collected by the real
/// worker process through the real dev server into an SQLite store, as <c>release collect run</c>
/// does: pipelines stored per second, and CircleCI calls per pipeline collected. Then the same
/// collection again with nothing new, whose calls show what an hourly schedule costs.
/// </summary>
internal static class CollectSection
{
    private const string Token = "bench-collect-token";

    // CircleCI's own page size: what a collector meets.
    private const int PageSize = 20;

    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, TextWriter log)
    {
        var store = Path.Combine(Path.GetTempPath(), $"release-bench-collect-{Guid.NewGuid():N}.db");
        var slugs = Enumerable.Range(1, options.CollectProjects).Select(i => $"gh/bench/project-{i:D3}").ToList();
        await using var simulator = await CircleCiSimulatorHost.StartAsync(Scenario(slugs, options), new SimulatorOptions { Port = 0, PageSize = PageSize });
        var port = BenchStack.FreePort();
        using var server = ChildProcess.Start("src/DevServer", "Release.DevServer", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--headless"]);
        using var worker = ChildProcess.Start("src/Worker", "Release.Worker", [], new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = $"127.0.0.1:{port}",
            ["TEMPORAL_TASK_QUEUE"] = "release-bench-collect",
            ["CIRCLECI_BASE_URL"] = simulator.BaseUrl.ToString(),
            ["CIRCLECI_TOKEN"] = Token,
            ["RELEASE_ANALYTICS_STORE"] = $"sqlite:{store}",
        });
        try
        {
            var client = await BenchStack.ConnectAsync($"127.0.0.1:{port}", server);
            // An empty collection returns once the worker polls: the clock below measures collecting, not starting.
            await CollectAsync(client, [], TimeSpan.FromMinutes(2));
            var first = await MeasureAsync(client, simulator, slugs, options.CollectTimeoutMinutes);
            var again = await MeasureAsync(client, simulator, slugs, options.CollectTimeoutMinutes);
            var counts = await (await AnalyticsStore.OpenAsync(store)).CountsAsync();
            log.WriteLine(
                $"  collected {slugs.Count} projects x {options.CollectPipelines} pipelines: {first.Stored.Pipelines} pipelines, {first.Stored.Workflows} workflows, {first.Stored.Jobs} jobs "
                + $"in {first.Seconds:F1} s, {first.Calls} CircleCI calls; again with nothing new: {again.Calls} calls in {again.Seconds:F1} s; store holds {counts.Pipelines} pipelines");
            var figures = new List<Figure>
            {
                Figure.Over($"collect: pipelines stored per second ({slugs.Count}x{options.CollectPipelines})", "pipelines/s", [first.Stored.Pipelines / first.Seconds]),
                Figure.Over("   CircleCI calls per pipeline collected", "calls", [(double)first.Calls / first.Stored.Pipelines]),
                Figure.Over("   again, nothing new: CircleCI calls per project", "calls", [(double)again.Calls / slugs.Count]),
                Figure.Over("   pipelines stored / pipelines served", "ratio", [(double)counts.Pipelines / (slugs.Count * options.CollectPipelines)], "= 1", v => v == 1),
            };
            return (figures, new { projects = slugs.Count, pipelinesPerProject = options.CollectPipelines, first, again, counts });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { store, store + "-wal", store + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<CollectMeasurement> MeasureAsync(ITemporalClient client, CircleCiSimulatorHost simulator, IReadOnlyList<string> slugs, double timeoutMinutes)
    {
        var callsBefore = simulator.GetStats().TotalCalls;
        var clock = Stopwatch.StartNew();
        var result = await CollectAsync(client, slugs, TimeSpan.FromMinutes(timeoutMinutes));
        var seconds = clock.Elapsed.TotalSeconds;
        var failed = result.Projects.FirstOrDefault(p => p.Error is not null);
        if (failed is not null)
        {
            throw new InvalidOperationException($"collecting {failed.ProjectSlug} failed: {failed.Error}");
        }

        return new CollectMeasurement(result.Total, seconds, simulator.GetStats().TotalCalls - callsBefore);
    }

    private static Task<CollectResult> CollectAsync(ITemporalClient client, IReadOnlyList<string> slugs, TimeSpan timeout) =>
        client.ExecuteWorkflowAsync(
            (CollectWorkflow wf) => wf.RunAsync(new CollectInput(slugs, new CollectionSettings())),
            new WorkflowOptions($"bench-collect-{Guid.NewGuid():N}", "release-bench-collect") { ExecutionTimeout = timeout });

    // Every project alike: a build workflow of two jobs and a lint workflow, 15% failing, half of those rerun.
    private static SimulatorScenario Scenario(IEnumerable<string> slugs, BenchOptions options)
    {
        var project = new ProjectSpec
        {
            History = new HistorySpec { Pipelines = options.CollectPipelines, Days = 30, FailureRate = 0.15, RerunRate = 0.5 },
            Workflows =
            [
                new WorkflowSpec
                {
                    Name = "build",
                    Jobs = [new JobSpec { Name = "compile", DurationRange = [20, 60] }, new JobSpec { Name = "test", DurationRange = [60, 300], ResourceClass = "large" }],
                },
                new WorkflowSpec { Name = "lint", Jobs = [new JobSpec { Name = "lint", DurationRange = [5, 15], ResourceClass = "small" }] },
            ],
        };
        return new SimulatorScenario { Token = Token, Seed = options.Seed, Projects = slugs.ToDictionary(s => s, _ => project) };
    }

    private sealed record CollectMeasurement(CollectedCounts Stored, double Seconds, long Calls);
}
