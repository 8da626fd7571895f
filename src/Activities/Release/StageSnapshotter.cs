using Release.Activities.CircleCi;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Activities.Release;

/// <summary>Reads every pipeline of a stage down to job details and builds the stage report.</summary>
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
        var components = await Task.WhenAll(request.Components.Select(ComponentAsync));
        var now = DateTimeOffset.UtcNow;
        return new StageReport
        {
            Release = request.Release,
            Stage = request.Stage,
            Outcome = request.Outcome,
            Reason = request.Reason,
            Timings = new StageTimings(request.StartedAt, now, (now - request.StartedAt).TotalSeconds),
            Components = components,
            Pipelines = components
                .Where(c => c.Pipeline is not null)
                .Select(c => new PipelineLink(c.Pipeline!.Id, c.Pipeline.WebUrl))
                .ToList(),
        };
    }

    private async Task<ComponentReport> ComponentAsync(StageComponent component)
    {
        var planned = component.Planned;
        var result = component.Result;
        var pipeline = result.Pipeline is null ? null : await PipelineAsync(result.Pipeline);
        return new ComponentReport(
            planned.Name,
            planned.Version,
            planned.ProjectSlug,
            component.Branch,
            result.Outcome.ToString().ToLowerInvariant(),
            result.Reason,
            pipeline);
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
