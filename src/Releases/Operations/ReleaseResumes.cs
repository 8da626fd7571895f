using Release.Activities.Release;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.Releases.Operations;

/// <summary>What a resume is asked, whoever asks (the command line or the API).</summary>
/// <param name="By">Who resumes: recorded as the run's first operator action.</param>
/// <param name="Plan">A new plan of the same release (resume --manifest); null: the earlier run's plan.</param>
/// <param name="TaskQueue">An explicit task queue; null: the earlier run's, whose workers poll it.</param>
public sealed record ResumeOrder(
    string By,
    string Reason,
    IReadOnlyList<string>? Only = null,
    int? FromStage = null,
    bool RerunFailed = false,
    ExecutionPlan? Plan = null,
    string? TaskQueue = null);

/// <summary>The resumed run: its plan (what is reused, what triggered) and its run id.</summary>
public sealed record ResumedRun(ResumePlan Plan, string RunId);

/// <summary>
/// Starts a new run of a failed or aborted release that reuses what earlier runs released: the
/// one core of <c>release resume</c> and <c>POST /api/v1/releases/{id}/resume</c>.
/// </summary>
public static class ReleaseResumes
{
    /// <param name="defaultTaskQueue">Where the run goes when neither the order nor the earlier run names a queue.</param>
    /// <param name="warn">Told when the run starts without its search attributes.</param>
    /// <param name="reports">Where whole reports of large stages are read; null: their digests are used.</param>
    /// <exception cref="ReleaseOperationException">Still running, already succeeded, a wrong <c>only</c>/<c>fromStage</c>, or an input over Temporal's limit.</exception>
    public static async Task<ResumedRun> StartAsync(
        ITemporalClient client, ReleaseState state, ResumeOrder order, string defaultTaskQueue, Action<string> warn, ReportStore? reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(order);
        if (state.IsRunning)
        {
            throw ReleaseOperationException.Conflict(
                $"release {state.WorkflowId} is still running; abort it first (`release abort {state.WorkflowId} --reason \"...\"`) or wait for it to end (`release watch {state.WorkflowId}`)");
        }

        if (state.Succeeded)
        {
            throw ReleaseOperationException.Conflict($"release {state.WorkflowId} already succeeded ({state.Status}); nothing to resume");
        }

        var plan = order.Plan ?? state.Input.Plan;
        var runs = await ReleaseLookup.ClosedRunsAsync(client, state, cancellationToken, reports);
        var resume = ResumePlanner.Plan(new ResumeRequest(plan, runs, order.By, order.Reason, order.Only, order.FromStage, order.RerunFailed));
        var input = new ReleaseInput(plan, state.Input.Settings with { Resume = resume.Resume });

        // The reused pipelines ride in the input, next to the plan: a plan near the limit can go over it.
        if (ReleaseStarter.InputBytes(input) is var bytes and > ReleaseStarter.MaxInputBytes)
        {
            throw ReleaseOperationException.Invalid(
                $"the resumed run's input (the plan and {resume.Resume.Reused.Count} reused pipelines) is {bytes / 1e6:F1} MB, and Temporal refuses inputs over 2 MB; "
                + "release the remaining components with a smaller manifest (`release start`)");
        }

        var handle = await ReleaseStarter.StartAsync(client, order.TaskQueue ?? state.TaskQueue ?? defaultTaskQueue, input, warn, cancellationToken);
        return new ResumedRun(resume, handle.ResultRunId!);
    }
}
