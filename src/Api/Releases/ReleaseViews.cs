using Release.Releases.Operations;
using Release.Workflows.Release;

namespace Release.Api.Releases;

/// <summary>Builds the API's documents from the same <see cref="ReleaseView"/> the command line prints, so both say the same thing.</summary>
public static class ReleaseViews
{
    public static ReleaseLinks Links(string workflowId, ReleaseService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var id = Uri.EscapeDataString(workflowId);
        return new ReleaseLinks(
            $"/api/v1/releases/{id}", $"/api/v1/releases/{id}/events", $"/api/v1/releases/{id}/report", service.Connection.WorkflowLink(workflowId), $"/releases/{id}");
    }

    public static ReleaseHandle Handle(ReleaseState state, ReleaseService service, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ReleaseHandle(state.WorkflowId, state.RunId, state.Status, Links(state.WorkflowId, service), message);
    }

    /// <param name="progress">The progress query's answer while running; null once closed (the reports tell).</param>
    public static ReleaseDetail Detail(ReleaseState state, ReleaseProgress? progress, ReleaseService service)
    {
        ArgumentNullException.ThrowIfNull(state);
        // No clock: a running component's elapsed is left to the reader (triggeredAt), so the
        // document, and the event stream that sends it on change, only changes when the release does.
        var view = progress is not null
            ? ReleaseView.FromProgress(progress, now: null)
            : ReleaseView.FromSummary(state.Input.Plan, state.IsRunning ? "running" : state.Status, state.Summary);
        var control = view.Control;
        return new ReleaseDetail(
            state.WorkflowId,
            state.RunId,
            state.Input.Plan.ReleaseName,
            state.Input.Plan.ReleaseVersion,
            state.IsRunning ? "running" : state.Status,
            state.StartedAt,
            state.ClosedAt,
            state.Failure,
            view.Eta?.EndsAt,
            view.Stages.Select(s => new StageDetail(
                s.Index,
                s.Status,
                s.Eta?.EndsAt,
                s.Components.Select(c => new ComponentDetail(c.Name, c.Status, c.PipelineNumber, c.Link, c.Elapsed?.TotalSeconds, c.TriggeredAt)).ToList())).ToList(),
            (control?.Waiting ?? []).Select(w => new WaitingDetail(
                w.Kind, w.Reason, w.Since, w.Component, w.Stage, w.Deadline, w.FailedJobs?.Select(FailedJob).ToList())).ToList(),
            control?.Paused is { } paused ? new PausedDetail(paused.By, paused.Reason, paused.From) : null,
            // An abort that says who is among them (Patches.AbortRecorded), as decisions and approvals are.
            (control?.Actions ?? []).Select(a => new ActionDetail(a.Kind, a.By, a.Reason, a.At, a.Component, a.Stage)).ToList(),
            Links(state.WorkflowId, service));
    }

    /// <summary>A failed job of a report (it must have a failed step) as the API shows it.</summary>
    public static FailedJobDetail FailedJob(Release.Workflows.Release.Reports.JobReport job)
    {
        var step = job.FailedStep!;
        return new FailedJobDetail(job.Name, job.WebUrl, step.Name, step.ExitCode, step.OutputTail, step.OutputCut, step.OutputUnavailable);
    }
}
