using System.Text.Json;
using Release.Releases.Operations;
using Release.Starter.Releases;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Starter.Tests;

/// <summary>Plans, runs and stage reports as Temporal would hand them to the resume planner.</summary>
internal static class ResumeRecords
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A plan of snapshot components by stage; "name@version" sets a version.</summary>
    public static ExecutionPlan Plan(params string[][] stages) => new(
        "apim",
        "3.2.0",
        stages.Select((names, i) => new PlannedStage(i + 1, i + 1, names.Select(Component).ToList())).ToList(),
        []);

    public static ReleaseRun Run(string runId, ExecutionPlan plan, ResumeFrom? resume, params StageReport[] stages) =>
        new(runId, new ReleaseInput(plan, new ReleaseSettings(Branch: "main", Resume: resume)), new ReleaseSummary("apim", "3.2.0", StageOutcomes.Failed, "failed", stages));

    /// <summary>A run that ended without a summary (terminated).</summary>
    public static ReleaseRun Terminated(string runId, ExecutionPlan plan, ResumeFrom? resume = null) =>
        new(runId, new ReleaseInput(plan, new ReleaseSettings(Branch: "main", Resume: resume)), null);

    public static StageReport Stage(int index, params ComponentReport[] components) => new()
    {
        Release = new ReleaseRef("apim", "3.2.0", "release-apim-3.2.0"),
        Stage = new StageRef(index, index),
        Outcome = components.All(c => c.Outcome == ComponentOutcomes.Succeeded) ? StageOutcomes.Succeeded : StageOutcomes.Failed,
        Reason = "",
        Timings = new StageTimings(At, At.AddMinutes(5), 300),
        Components = components,
        Pipelines = [],
    };

    /// <param name="failedWorkflow">The id of its pipeline's failed CircleCI workflow, for an outcome of failed.</param>
    public static ComponentReport Report(string name, string outcome, long? pipeline, string version = "1.0.0-SNAPSHOT", string? failedWorkflow = null) => new(
        name,
        version,
        $"gh/acme/{name}",
        "main",
        outcome,
        outcome,
        pipeline is { } number ? Pipeline(name, number, outcome, failedWorkflow) : null);

    public static ComponentReport Reused(string name, string fromRun, long pipeline) =>
        Report(name, ComponentOutcomes.Succeeded, null) with { ReusedFrom = new ReusedFrom(fromRun, pipeline, $"https://app.circleci.com/pipelines/gh/acme/{name}/{pipeline}") };

    public static ReusedComponent Carried(string name, string fromRun, long pipeline) =>
        new(name, "1.0.0-SNAPSHOT", fromRun, new PipelineRef($"p-{name}-{pipeline}", pipeline, $"gh/acme/{name}", "main", At));

    private static PlannedComponent Component(string spec)
    {
        var parts = spec.Split('@');
        return new PlannedComponent(parts[0], parts.Length > 1 ? parts[1] : "1.0.0-SNAPSHOT", $"gh/acme/{parts[0]}", "main", new Dictionary<string, JsonElement>());
    }

    private static PipelineReport Pipeline(string name, long number, string outcome, string? failedWorkflow)
    {
        List<WorkflowReport> workflows = [new($"w-{name}-{number}", "build", outcome == ComponentOutcomes.Succeeded ? "success" : outcome == ComponentOutcomes.Failed && failedWorkflow is null ? "error" : "running", "", At, null, [])];
        if (failedWorkflow is not null)
        {
            workflows = [new("w-old", "build", "failed", "", At, null, []), new(failedWorkflow, "build", "failed", "", At, null, [])];
        }

        return new PipelineReport($"p-{name}-{number}", number, $"gh/acme/{name}", "main", "created", $"https://app.circleci.com/pipelines/gh/acme/{name}/{number}", At, [], new PipelineTimings(At, null, null), workflows);
    }
}
