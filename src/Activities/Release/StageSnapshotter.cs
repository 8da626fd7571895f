using Release.Activities.CircleCi;
using Release.Workflows.CircleCi;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Activities.Release;

/// <summary>
/// Reads every pipeline of a stage down to job details, and the failing step of its failed jobs
/// (<see cref="FailedStepReader"/>), and builds the stage report.
/// </summary>
/// <remarks>
/// Unlike the other activities, each read here is retried in place (<see cref="ReadAsync"/>): a
/// snapshot makes dozens of calls, and restarting all of them on every 429 or 500 would rarely
/// finish under a rate limit. The reads are idempotent; Temporal still retries the whole activity
/// once these few in-place attempts run out.
/// </remarks>
internal sealed class StageSnapshotter(CircleCiClient client, CancellationToken cancellationToken)
{
    private const int ReadAttempts = 8;
    private static readonly TimeSpan ReadRetryDelay = TimeSpan.FromMilliseconds(250);

    public async Task<StageReport> SnapshotAsync(StageSnapshotRequest request)
    {
        var pipelines = await Task.WhenAll(request.Components.Select(c =>
            c.Result.Pipeline is { } known ? PipelineOrRefusalAsync(known) : Task.FromResult<PipelineReport?>(null)));
        var steps = await new FailedStepReader(client, cancellationToken).ReadAsync(FailedJobsByPriority(request, pipelines));
        var components = request.Components
            .Select((c, i) => Component(c, WithFailedSteps(pipelines[i], steps), request.Verdict))
            .ToList();
        var now = DateTimeOffset.UtcNow;
        return new StageReport
        {
            Release = request.Release,
            Stage = request.Stage,
            Outcome = request.Outcome,
            Reason = StageReason.Of(request.Outcome, request.Reason, request.FailedComponent, components),
            Timings = new StageTimings(request.StartedAt, now, (now - request.StartedAt).TotalSeconds),
            Components = components,
            Rerun = request.Outcome == StageOutcomes.DryRun
                ? []
                : components.Where(c => c.Outcome != ComponentOutcomes.Succeeded).Select(c => c.Name).ToList(),
            Pipelines = components
                .Where(c => c.Pipeline is not null)
                .Select(c => new PipelineLink(c.Pipeline!.Id, c.Pipeline.WebUrl))
                .ToList(),
        };
    }

    private static ComponentReport Component(StageComponent component, PipelineReport? pipeline, VerdictPolicy? policy)
    {
        var planned = component.Planned;
        var (outcome, reason) = ComponentOutcomeRules.Decide(component.Result, pipeline, policy);
        return new ComponentReport(planned.Name, planned.Version, planned.ProjectSlug, component.Branch, outcome, reason, pipeline)
        {
            ReusedFrom = component.Reused is { } reused ? new ReusedFrom(reused.RunId, reused.Pipeline.Number, reused.Pipeline.WebUrl) : null,
            Decision = component.Decision,
        };
    }

    // The steps worth the few reads a snapshot makes: the jobs of the component that stopped the
    // stage first, then the others in the stage's order, so the bound never hides the cause.
    private static IEnumerable<FailedJobRef> FailedJobsByPriority(StageSnapshotRequest request, PipelineReport?[] pipelines) =>
        request.Components
            .Select((c, i) => (First: c.Planned.Name == request.FailedComponent, Order: i, Pipeline: pipelines[i]))
            .Where(c => c.Pipeline is not null)
            .OrderByDescending(c => c.First)
            .ThenBy(c => c.Order)
            .SelectMany(c => c.Pipeline!.Workflows
                .SelectMany(w => w.Jobs)
                .Where(j => j.Number is not null && HasFailedStep(j))
                .Select(j => new FailedJobRef(c.Pipeline!.ProjectSlug, j.Number!.Value)));

    // Jobs that ran a step and failed in it; canceled or unauthorized jobs have no failing step.
    private static bool HasFailedStep(JobReport job) =>
        CircleCiValues.ParseJobStatus(job.Status) is CircleCiJobStatus.Failed or CircleCiJobStatus.InfrastructureFail or CircleCiJobStatus.Timedout;

    private static PipelineReport? WithFailedSteps(PipelineReport? pipeline, IReadOnlyDictionary<FailedJobRef, FailedStepReport> steps) =>
        pipeline is null || steps.Count == 0
            ? pipeline
            : pipeline with
            {
                Workflows = pipeline.Workflows.Select(w => w with
                {
                    Jobs = w.Jobs.Select(j => j.Number is { } number && steps.TryGetValue(new FailedJobRef(pipeline.ProjectSlug, number), out var step)
                        ? j with { FailedStep = step }
                        : j).ToList(),
                }).ToList(),
            };

    // One pipeline CircleCI refuses to show (gone, or no longer visible to the token) must not cost
    // the whole stage its report: it is reported with the refusal instead of its workflows.
    private async Task<PipelineReport?> PipelineOrRefusalAsync(PipelineRef known)
    {
        try
        {
            return await PipelineAsync(known);
        }
        catch (CircleCiException e) when (e is not CircleCiRetryableException)
        {
            return new PipelineReport(
                known.Id, known.Number, known.ProjectSlug, known.Branch, PipelineReport.Unreadable, known.WebUrl, null, [e.Message], new PipelineTimings(null, null, null), []);
        }
    }

    private async Task<PipelineReport> PipelineAsync(PipelineRef known)
    {
        var pipeline = await ReadAsync(() => client.GetPipelineAsync(known.Id, cancellationToken));
        var workflows = new List<WorkflowReport>();
        foreach (var workflow in await ReadAsync(() => client.GetWorkflowsAsync(known.Id, cancellationToken)))
        {
            workflows.Add(await WorkflowAsync(known, workflow));
        }

        var stoppedAt = workflows.Count > 0 && workflows.All(w => w.StoppedAt is not null)
            ? workflows.Max(w => w.StoppedAt)
            : null;
        return new PipelineReport(
            pipeline.Id,
            pipeline.Number,
            known.ProjectSlug,
            pipeline.Vcs?.Branch ?? known.Branch,
            pipeline.State,
            known.WebUrl,
            pipeline.CreatedAt,
            pipeline.Errors.Select(e => $"{e.Type}: {e.Message}").ToList(),
            new PipelineTimings(pipeline.CreatedAt, stoppedAt, (stoppedAt - pipeline.CreatedAt)?.TotalSeconds),
            workflows);
    }

    private async Task<WorkflowReport> WorkflowAsync(PipelineRef pipeline, CircleCiWorkflow workflow)
    {
        var jobs = new List<JobReport>();
        foreach (var job in await ReadAsync(() => client.GetJobsAsync(workflow.Id, cancellationToken)))
        {
            var details = job.JobNumber is { } number
                ? await ReadAsync(() => client.GetJobDetailsAsync(pipeline.ProjectSlug, number, cancellationToken))
                : null;
            jobs.Add(new JobReport(
                job.JobNumber,
                job.Name,
                job.Type,
                job.Status,
                job.StartedAt,
                job.StoppedAt,
                details?.Duration,
                details?.WebUrl));
        }

        return new WorkflowReport(
            workflow.Id,
            workflow.Name,
            workflow.Status,
            CircleCiLinks.Workflow(pipeline.ProjectSlug, pipeline.Number, workflow.Id),
            workflow.CreatedAt,
            workflow.StoppedAt,
            jobs);
    }

    private async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (CircleCiRetryableException e) when (attempt < ReadAttempts)
            {
                await Task.Delay(e.RetryAfter ?? ReadRetryDelay * attempt, cancellationToken);
            }
        }
    }
}
