using System.Collections.Immutable;
using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// A project's past pipelines (<see cref="HistorySpec"/>), built once at start as if each had been
/// triggered then: the same plans, ids, job numbers and timeline as a triggered pipeline, so every
/// endpoint serves them alike. Draws are seeded by (seed, project, pipeline number), so the same
/// scenario gives the same durations and outcomes; only ids and instants (relative to the start)
/// differ from one run to the next.
/// </summary>
internal static class HistoryBuilder
{
    public const int MaxPipelines = 100_000;

    // Past pipelines play at real speed: their durations are the scenario's seconds.
    private const double RealTime = 1;

    private static readonly IReadOnlyDictionary<string, JsonElement> NoParameters = new Dictionary<string, JsonElement>();

    /// <summary>The project's past pipelines, oldest first, each ended before <paramref name="now"/>.</summary>
    public static IReadOnlyList<PipelineRun> Build(string slug, ProjectSpec spec, int seed, DateTimeOffset now, Func<long> nextJobNumber)
    {
        var history = spec.History!;
        // Every pipeline ends before the start: the last slot ends one longest pipeline earlier.
        var last = now - TimeSpan.FromSeconds(LongestSeconds(spec) + 60);
        var span = TimeSpan.FromDays(history.Days);
        var runs = new List<PipelineRun>(history.Pipelines);
        for (var number = 1; number <= history.Pipelines; number++)
        {
            var random = new Random(PlanBuilder.StableSeed(seed, $"{slug}#history", number));
            var failed = random.NextDouble() < history.FailureRate;
            var played = failed ? WithOneFailure(spec, random) : Attempts.Apply(spec, AttemptOutcome.Succeed);
            var plan = PlanBuilder.Build(played, random, nextJobNumber);
            var triggeredAt = last - span + (span * ((number - 1 + random.NextDouble()) / history.Pipelines));
            var sha = new byte[20];
            random.NextBytes(sha);
            var run = new PipelineRun(Guid.NewGuid().ToString(), slug, number, history.Branch, null, NoParameters, Convert.ToHexStringLower(sha), triggeredAt, RealTime, plan)
            {
                // Someone approved each approval job as soon as it waited.
                Approvals = plan.Workflows.SelectMany(w => w.Jobs).Where(j => j.IsApproval).ToImmutableDictionary(j => j.Id, _ => triggeredAt),
            };
            var past = failed && random.NextDouble() < history.RerunRate ? RerunFromFailed(run, random, nextJobNumber) : run;
            runs.Add(past with { PastWorkflows = past.Plan.Workflows.Count });
        }

        return runs;
    }

    /// <summary>Each failed workflow rerun from failed a few minutes after it ended; the rerun passes.</summary>
    private static PipelineRun RerunFromFailed(PipelineRun run, Random random, Func<long> nextJobNumber)
    {
        var ended = Timeline.Compute(run, DateTimeOffset.MaxValue.AddYears(-1));
        var workflows = run.Plan.Workflows.ToList();
        foreach (var workflow in ended.Workflows.Where(w => w.Status == "failed"))
        {
            var rerunIds = workflow.Jobs.Where(j => j.Status != "success").Select(j => j.Plan.Id).ToHashSet(StringComparer.Ordinal);
            var start = run.ScenarioSeconds(workflow.StoppedAt!.Value) + 60 + (random.NextDouble() * 540);
            workflows.Add(RerunPlanner.Plan(workflow, rerunIds, AttemptOutcome.Succeed, start, nextJobNumber));
        }

        return run with { Plan = run.Plan with { Workflows = workflows } };
    }

    // One build job, drawn among every workflow's, fails; every other job passes.
    private static ProjectSpec WithOneFailure(ProjectSpec spec, Random random)
    {
        var passing = Attempts.Apply(spec, AttemptOutcome.Succeed);
        var builds = passing.Workflows
            .SelectMany((w, wi) => w.Jobs.Select((j, ji) => (w, wi, j, ji)))
            .Where(x => x.w.FixedStatus is null && x.j.Type == "build")
            .ToList();
        if (builds.Count == 0)
        {
            return Attempts.Apply(spec with { FailFirst = 1 }, AttemptOutcome.Fail);
        }

        var (workflow, wi, job, ji) = builds[random.Next(builds.Count)];
        var jobs = workflow.Jobs.ToList();
        jobs[ji] = job with { Status = "failed" };
        var workflows = passing.Workflows.ToList();
        workflows[wi] = workflow with { Jobs = jobs };
        return passing with { Workflows = workflows };
    }

    // An upper bound of a pipeline's length: setup, then every job one after the other at its
    // longest, twice (the run and a rerun), plus the most a rerun waits.
    private static double LongestSeconds(ProjectSpec spec) =>
        spec.SetupDelaySeconds + 600 + (2 * spec.Workflows.Sum(w => w.Jobs.Sum(j => j.QueueSeconds + (j.DurationRange is [_, var max] ? max : j.DurationSeconds))));
}
