using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>The last thing the earlier runs of a release say about one component's pipeline.</summary>
/// <param name="RunId">The run whose report (or resume input) says it.</param>
/// <param name="Outcome">The report's outcome in that run (<c>succeeded</c> for a reused one).</param>
/// <param name="Reusable">Set when a pipeline of it succeeded: the original run and pipeline, through any number of resumes.</param>
/// <param name="FailedWorkflow">The failed CircleCI workflow of its last pipeline, which <c>--rerun-failed</c> re-runs.</param>
public sealed record ComponentRecord(string RunId, string Version, string Outcome, ReusedComponent? Reusable, RerunInPipeline? FailedWorkflow = null);

/// <summary>Reads each component's last record from the runs of a release, newest run first.</summary>
public static class ComponentHistory
{
    /// <summary>
    /// The newest record that has a pipeline decides: a run that never reached the component (no
    /// report, or <c>not_started</c>) says nothing, so an older run's success still stands, while a
    /// newer pipeline that failed or was stopped replaces it. A run that reused the component
    /// passes on the original run and pipeline from its own resume input.
    /// </summary>
    public static ComponentRecord? Last(IEnumerable<ReleaseRun> runsNewestFirst, string name)
    {
        foreach (var run in runsNewestFirst)
        {
            var carried = run.Input.Settings.Resume?.Reused.FirstOrDefault(r => r.Name == name);
            var found = Report(run.Summary, name);

            // A reused component is reported as succeeded, whether or not the report marks it.
            if (carried is not null && (found is null || found.Value.Component.Outcome == ComponentOutcomes.Succeeded))
            {
                return new ComponentRecord(run.RunId, carried.Version, ComponentOutcomes.Succeeded, carried);
            }

            if (found is not { } entry)
            {
                continue;
            }

            var (stage, report) = entry;
            if (report.ReusedFrom is { } from && report.Pipeline is { } earlier)
            {
                return new ComponentRecord(run.RunId, report.Version, ComponentOutcomes.Succeeded, new ReusedComponent(name, report.Version, from.RunId, Ref(earlier, report, stage)));
            }

            if (report.Pipeline is not { } pipeline)
            {
                continue;
            }

            var pipelineRef = Ref(pipeline, report, stage);
            if (report.Outcome == ComponentOutcomes.Succeeded)
            {
                return new ComponentRecord(run.RunId, report.Version, report.Outcome, new ReusedComponent(name, report.Version, run.RunId, pipelineRef));
            }

            // After a re-run the pipeline lists the old failed workflow and the new one: the newest failed one is what to re-run.
            var failed = report.Outcome == ComponentOutcomes.Failed
                ? pipeline.Workflows.LastOrDefault(w => w.Status == "failed")
                : null;
            return new ComponentRecord(run.RunId, report.Version, report.Outcome, null, failed is null ? null : new RerunInPipeline(name, pipelineRef, failed.Id));
        }

        return null;
    }

    private static (StageReport Stage, ComponentReport Component)? Report(ReleaseSummary? summary, string name)
    {
        foreach (var stage in summary?.Stages ?? [])
        {
            if (stage.Components.FirstOrDefault(c => c.Name == name) is { } component)
            {
                return (stage, component);
            }
        }

        return null;
    }

    private static PipelineRef Ref(PipelineReport pipeline, ComponentReport component, StageReport stage) =>
        new(pipeline.Id, pipeline.Number, pipeline.ProjectSlug, pipeline.Branch ?? component.Branch, pipeline.CreatedAt ?? stage.Timings.StartedAt);
}
