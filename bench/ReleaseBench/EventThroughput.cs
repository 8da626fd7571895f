using System.Diagnostics;
using CloudNative.CloudEvents;
using Release.Events;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;

namespace Release.ReleaseBench;

/// <summary>One publish throughput run: every batch through one sink, one after the other.</summary>
/// <param name="Delivered">Events the sink holds afterwards (the bench queue's messages, the file's lines).</param>
/// <param name="InOrder">Whether the sink holds the events in the order they were published; null: not checked.</param>
internal sealed record ThroughputRun(string Sink, int Events, int Batches, double Seconds, long Delivered, bool? InOrder = null)
{
    public double EventsPerSecond => Events / Seconds;
}

/// <summary>One batch of the events activity: up to 100 transitions of one release, mapped to both vocabularies.</summary>
internal sealed record EventBatch(string Product, IReadOnlyList<CloudEvent> Events);

/// <summary>
/// Synthetic releases shaped like the bench's release (its components; each pipeline started,
/// finished and released), mapped as the events activity maps them (CDEvents, then seed 004),
/// cut into its batches of 100 transitions, and published through the worker's own sinks.
/// </summary>
internal static class EventThroughput
{
    public const int TransitionsPerBatch = 100;

    private static readonly Uri Source = new("urn:release-orchestrator:bench:release-bench");

    /// <summary>Whole releases' batches, the last one cut so that there are exactly <paramref name="count"/> events.</summary>
    /// <param name="label">Part of every workflow id, so each call's events have ids of their own.</param>
    public static List<EventBatch> Batches(ExecutionPlan plan, int count, string label)
    {
        var cdEvents = new CdEventsMapper(Source);
        var seed004 = new Seed004Mapper(Source);
        var batches = new List<EventBatch>();
        var total = 0;
        for (var release = 1; total < count; release++)
        {
            foreach (var chunk in Transitions(plan, $"release-bench-{label}-{release}").Chunk(TransitionsPerBatch))
            {
                var events = chunk.SelectMany(t => cdEvents.Map(t).Concat(seed004.Map(t))).Take(count - total).ToList();
                batches.Add(new EventBatch(plan.ReleaseName, events));
                total += events.Count;
                if (total == count)
                {
                    break;
                }
            }
        }

        return batches;
    }

    /// <summary>The events of a release of <paramref name="plan"/>'s components: 5 per component and 5 for the release.</summary>
    public static int EventsPerRelease(ExecutionPlan plan) => (5 * plan.Stages.Sum(s => s.Components.Count)) + 5;

    public static async Task<ThroughputRun> RunAsync(string label, IEventSink sink, IReadOnlyList<EventBatch> batches, Func<Task<long>> delivered)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await sink.PublishAsync(batch.Product, batch.Events);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new ThroughputRun(label, batches.Sum(b => b.Events.Count), batches.Count, seconds, await delivered());
    }

    private static IEnumerable<ReleaseTransition> Transitions(ExecutionPlan plan, string workflowId)
    {
        var runId = Guid.NewGuid().ToString();
        var release = new ReleaseIdentity(
            workflowId, runId, plan.ReleaseName, plan.ReleaseVersion, "main", $"http://localhost:8233/namespaces/default/workflows/{workflowId}/{runId}");
        var at = DateTimeOffset.UtcNow;
        var components = plan.Stages.SelectMany(s => s.Components).ToList();
        yield return ReleaseTransition.Queued(release, at);
        yield return ReleaseTransition.Started(release, at, components.Select(c => new ComponentVersion(c.Name, c.Version, c.Branch ?? "main")).ToList());
        foreach (var (c, number) in components.Select((c, i) => (c, i + 1)))
        {
            var component = new ComponentVersion(c.Name, c.Version, c.Branch ?? "main");
            var pipeline = CircleCiLinks.Pipeline(c.ProjectSlug, number);
            yield return ReleaseTransition.PipelineStarted(release, at, component, pipeline);
            yield return ReleaseTransition.PipelineFinished(release, at, component, pipeline, "succeeded", "all workflows succeeded");
            yield return ReleaseTransition.ComponentReleased(release, at, component, pipeline);
        }

        yield return ReleaseTransition.Finished(release, at, StageOutcomes.Succeeded, "every stage succeeded");
    }
}
