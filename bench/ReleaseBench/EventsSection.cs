using System.Diagnostics;
using Release.Events;
using Release.Events.RabbitMq;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Api.Enums.V1;

namespace Release.ReleaseBench;

/// <summary>One release of the events section, with its events on or off.</summary>
/// <param name="Published">Events that reached the sink during the release (the bench queue's messages, the file's lines).</param>
/// <param name="TailSeconds">From the last component workflow's completion to the release's close, in its history: where the last events are awaited.</param>
/// <param name="EventActivities">PublishReleaseEvents activities the release scheduled.</param>
internal sealed record EventsReleaseRun(
    int Run, bool EventsOn, string Outcome, double WallSeconds, int HistoryEvents, long HistoryBytes, long Published, double TailSeconds, int EventActivities);

/// <summary>
/// Issue 14's figures: events per second published through the worker's sinks (RabbitMQ with
/// confirms, NDJSON), and the wall time and history a release's events add, measured on one stack
/// by the same release (same scenario) run alternately with its events on and off.
/// </summary>
internal static class EventsSection
{
    public static async Task<(List<Figure> Figures, object Raw)> RunAsync(BenchOptions options, ExecutionPlan plan, TextWriter log)
    {
        if (options.Broker is null)
        {
            log.WriteLine("  no broker (--broker or RELEASE_TEST_RABBITMQ): NDJSON only");
        }

        var file = Path.Combine(Path.GetTempPath(), $"release-bench-events-{Guid.NewGuid():N}.ndjson");
        await using var exchange = options.Broker is { } broker ? await BenchExchange.CreateAsync(broker) : null;
        try
        {
            var mapping = new List<double>();
            var rabbit = new List<ThroughputRun>();
            var ndjson = new List<ThroughputRun>();
            for (var run = 1; run <= options.Runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var batches = EventThroughput.Batches(plan, options.EventsCount, $"run{run}");
                mapping.Add(options.EventsCount / clock.Elapsed.TotalSeconds);
                if (exchange is not null)
                {
                    rabbit.Add(await RabbitMqRunAsync(options.Broker!, exchange, batches, log));
                }

                ndjson.Add(await NdjsonRunAsync(file, batches, log));
            }

            var releases = await ReleasesAsync(options, plan, options.TimeScale, options.Runs, exchange, file, log);
            // At a tenth of real time the same fixed costs weigh ten times more: one pair at real time says what a release pays.
            var check = options.CheckScale > 0 ? await ReleasesAsync(options, plan, options.CheckScale, 1, exchange, file, log) : null;
            var figures = Figures(options, plan, exchange is not null, mapping, rabbit, ndjson, releases, check);
            var sink = options.Broker is { } url ? RabbitMqEventPublisher.Redacted(url) : "ndjson";
            return (figures, new { sink, eventsPerRun = options.EventsCount, mapping, rabbit, ndjson, releases, check });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<ThroughputRun> RabbitMqRunAsync(Uri broker, BenchExchange exchange, List<EventBatch> batches, TextWriter log)
    {
        await using var publisher = new RabbitMqEventPublisher(broker, exchange.Name);
        // The worker keeps its connection open between batches: the first one's connect is not measured.
        await publisher.PublishAsync(batches[0].Product, batches[0].Events);
        await exchange.PurgeAsync();
        var measured = await EventThroughput.RunAsync("rabbitmq", publisher, batches, exchange.MessageCountAsync);
        // Confirms are awaited 64 at a time: the queue must still hold the events in publishing order.
        var ids = await exchange.DrainMessageIdsAsync();
        measured = measured with { InOrder = ids.SequenceEqual(batches.SelectMany(b => b.Events).Select(e => e.Id)) };
        Log(log, measured);
        return measured;
    }

    private static async Task<ThroughputRun> NdjsonRunAsync(string file, List<EventBatch> batches, TextWriter log)
    {
        File.Delete(file);
        var measured = await EventThroughput.RunAsync("ndjson", new NdjsonEventSink(file), batches, () => Task.FromResult(LineCount(file)));
        Log(log, measured);
        return measured;
    }

    private static void Log(TextWriter log, ThroughputRun run) => log.WriteLine(
        $"  publish {run.Sink}: {run.Events} events in {run.Batches} batches of up to {EventThroughput.TransitionsPerBatch} transitions, "
        + $"{run.Seconds:F2} s, {run.EventsPerSecond:F0} events/s, {run.Delivered} delivered{(run.InOrder is { } inOrder ? inOrder ? ", in order" : ", OUT OF ORDER" : "")}");

    /// <summary>
    /// The same release alternately on and off (on-off, then off-on, ...), so that a drift in the
    /// machine's load weighs on both; the worker's sink is set either way, since off is the release's own setting.
    /// </summary>
    private static async Task<List<EventsReleaseRun>> ReleasesAsync(
        BenchOptions options, ExecutionPlan plan, double timeScale, int runs, BenchExchange? exchange, string file, TextWriter log)
    {
        var seed = options.Seed + 1;
        var scenario = BenchScenario.Draw(plan, seed, options.MinSeconds, options.MaxSeconds) with { ExtraProjects = WarmUp.Projects };
        var environment = new Dictionary<string, string> { ["RELEASE_EVENTS_FILE"] = file };
        if (exchange is not null)
        {
            environment["RELEASE_EVENTS_RABBITMQ"] = options.Broker!.ToString();
            environment["RELEASE_EVENTS_EXCHANGE"] = exchange.Name;
        }

        File.Delete(file);
        await using var stack = await BenchStack.StartAsync(scenario, timeScale, seed, webhooks: true, extraWorkerEnvironment: environment);
        await GraphRun.WaitForPollingAsync(stack.Worker);
        var on = new ReleaseSettings(Branch: "main", Watch: ReleaseRun.Scaled(WatchSettings.Default, timeScale));
        await WarmUp.RunAsync(stack, on);
        Func<Task<long>> published = exchange is not null ? exchange.MessageCountAsync : () => Task.FromResult(LineCount(file));
        var measuredRuns = new List<EventsReleaseRun>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var eventsOn in run % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var measured = await ReleaseAsync(stack, plan, run, eventsOn, eventsOn ? on : on with { PublishEvents = false }, published);
                log.WriteLine(
                    $"  release run {run}, events {(eventsOn ? "on" : "off")} (time scale {timeScale}): {measured.Outcome}, wall {measured.WallSeconds:F2} s, "
                    + $"tail {measured.TailSeconds:F3} s, release history {measured.HistoryEvents} events ({measured.HistoryBytes / 1024.0:F0} KiB), "
                    + $"{measured.EventActivities} events activities, {measured.Published} events published, load average {Machine.LoadAverage()}");
                measuredRuns.Add(measured);
            }
        }

        return measuredRuns;
    }

    private static async Task<EventsReleaseRun> ReleaseAsync(BenchStack stack, ExecutionPlan plan, int run, bool eventsOn, ReleaseSettings settings, Func<Task<long>> published)
    {
        stack.Simulator.Reset();
        var before = await published();
        var clock = Stopwatch.StartNew();
        var handle = await stack.Client.StartWorkflowAsync(
            (ReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput(plan, settings)), ReleaseWorkflowOptions.For(plan, stack.TaskQueue));
        var summary = await ReleaseRun.ResultAsync(handle);
        var wall = clock.Elapsed.TotalSeconds;
        var release = stack.Client.GetWorkflowHandle(handle.Id);
        var history = await HistorySize.OfAsync(release);
        var events = (await release.FetchHistoryAsync()).Events;
        var lastChild = events.Last(e => e.EventType == EventType.ChildWorkflowExecutionCompleted).EventTime.ToDateTime();
        var activities = events.Count(e => e.EventType == EventType.ActivityTaskScheduled
            && e.ActivityTaskScheduledEventAttributes.ActivityType.Name == ActivityNames.PublishReleaseEvents);
        return new EventsReleaseRun(
            run, eventsOn, summary.Outcome, wall, history.Events, history.Bytes, await published() - before,
            (events.Last().EventTime.ToDateTime() - lastChild).TotalSeconds, activities);
    }

    private static List<Figure> Figures(
        BenchOptions options, ExecutionPlan plan, bool broker, List<double> mapping, List<ThroughputRun> rabbit, List<ThroughputRun> ndjson, List<EventsReleaseRun> releases,
        List<EventsReleaseRun>? check)
    {
        var on = releases.Where(r => r.EventsOn).ToList();
        var off = releases.Where(r => !r.EventsOn).ToList();
        var onWall = Percentiles.Median(on.Select(r => r.WallSeconds).ToList());
        var offWall = Percentiles.Median(off.Select(r => r.WallSeconds).ToList());
        var pairs = on.Zip(off).ToList();
        var figures = new List<Figure>
        {
            Figure.Over($"11. events: added wall time per release ({(broker ? "RabbitMQ" : "NDJSON")})", "%", [((onWall / offWall) - 1) * 100], "< 1", v => v < 1),
            Figure.Over("   added wall time per release", "s", [onWall - offWall]),
            Figure.Over("   wall time, events on", "s", on.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   wall time, events off", "s", off.Select(r => r.WallSeconds).ToList()),
            Figure.Over("   added wall time, run by run", "%", pairs.Select(p => ((p.First.WallSeconds / p.Second.WallSeconds) - 1) * 100).ToList()),
            Figure.Over("   tail (last component -> close), events on", "s", on.Select(r => r.TailSeconds).ToList()),
            Figure.Over("   tail (last component -> close), events off", "s", off.Select(r => r.TailSeconds).ToList()),
            Figure.Over("   release history, events on", "events", on.Select(r => (double)r.HistoryEvents).ToList()),
            Figure.Over("   release history, events off", "events", off.Select(r => (double)r.HistoryEvents).ToList()),
            Figure.Over("   release history added, run by run", "events", pairs.Select(p => (double)(p.First.HistoryEvents - p.Second.HistoryEvents)).ToList()),
            Figure.Over("   release history bytes added, run by run", "KiB", pairs.Select(p => (p.First.HistoryBytes - p.Second.HistoryBytes) / 1024.0).ToList()),
            Figure.Over("   events activities per release (on)", "acts", on.Select(r => (double)r.EventActivities).ToList()),
            Figure.Over(
                "   events published per release on / expected", "ratio",
                on.Select(r => (double)r.Published / EventThroughput.EventsPerRelease(plan)).ToList(), "= 1", v => Math.Abs(v - 1) < 1e-9),
            Figure.Over("   events published per release off", "events", off.Select(r => (double)r.Published).ToList(), "= 0", v => v == 0),
            Figure.Over($"   mapping {options.EventsCount} events (both vocabularies)", "events/s", mapping),
            Figure.Over("   publish, NDJSON file", "events/s", ndjson.Select(r => r.EventsPerSecond).ToList()),
        };
        if (check is [var checkOn, var checkOff])
        {
            figures.Insert(1, Figure.Over(
                $"   added wall time at time scale {options.CheckScale} (1 pair)", "%", [((checkOn.WallSeconds / checkOff.WallSeconds) - 1) * 100], "< 1", v => v < 1));
        }

        if (broker)
        {
            figures.Add(Figure.Over("   publish, RabbitMQ (confirmed, durable queue)", "events/s", rabbit.Select(r => r.EventsPerSecond).ToList()));
            figures.Add(Figure.Over("   RabbitMQ queue holds / published", "ratio", rabbit.Select(r => (double)r.Delivered / r.Events).ToList(), "= 1", v => Math.Abs(v - 1) < 1e-9));
            figures.Add(Figure.Over("   RabbitMQ queue in publishing order", "runs", [rabbit.Count(r => r.InOrder == true)], $"= {rabbit.Count}", v => v == rabbit.Count));
        }

        return figures;
    }

    private static long LineCount(string file) => File.Exists(file) ? File.ReadLines(file).LongCount() : 0;
}
