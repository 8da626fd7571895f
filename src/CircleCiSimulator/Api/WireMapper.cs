namespace Release.CircleCiSimulator;

/// <summary>Turns timeline views into CircleCI's response shapes.</summary>
internal sealed class WireMapper(SimulatorScenario scenario, SimulatorState state)
{
    public PipelineBody Pipeline(PipelineView view)
    {
        var run = view.Run;
        var slug = ProjectSlug.Parse(run.ProjectSlug);
        IReadOnlyList<PipelineErrorBody> errors = view.State == "errored" ? [new PipelineErrorBody("config", run.Plan.ErrorMessage)] : [];
        // Like CircleCI, the pipeline parameters are not echoed back: only trigger facts are.
        var triggerParameters = new Dictionary<string, object>
        {
            ["circleci"] = new Dictionary<string, string> { ["event_type"] = "api", ["trigger_type"] = "api", ["actor_id"] = state.ActorId },
            ["git"] = new Dictionary<string, string?> { ["branch"] = run.Branch, ["tag"] = run.Tag, ["checkout_sha"] = run.Revision }
                .Where(e => e.Value is not null)
                .ToDictionary(),
        };
        var vcs = new VcsBody(
            slug.ProviderName,
            slug.RepositoryUrl,
            slug.RepositoryUrl,
            run.Revision,
            run.Branch,
            run.Tag,
            new CommitBody($"Release commit {run.Revision[..7]}", ""));
        return new PipelineBody(
            run.Id,
            errors,
            run.ProjectSlug,
            view.UpdatedAt,
            run.Number,
            triggerParameters,
            view.State,
            run.TriggeredAt,
            new TriggerBody("api", run.TriggeredAt, new ActorBody(scenario.ActorLogin, null)),
            vcs);
    }

    public WorkflowBody Workflow(PipelineRun run, WorkflowView view) => new(
        run.Id,
        view.CanceledByUser ? state.ActorId : null,
        view.Plan.Id,
        view.Plan.Name,
        run.ProjectSlug,
        view.Status,
        state.ActorId,
        run.Number,
        view.CreatedAt,
        view.StoppedAt);

    public JobBody Job(PipelineRun run, WorkflowView workflow, JobView job) => new(
        job.Status == "canceled" && workflow.CanceledByUser ? state.ActorId : null,
        job.Plan.Upstream.Select(u => workflow.Plan.Jobs[u].Id).ToList(),
        job.Plan.Number,
        job.Plan.Id,
        job.StartedAt,
        job.Plan.Name,
        job.Approved ? state.ActorId : null,
        run.ProjectSlug,
        job.Status,
        job.Plan.IsApproval ? "approval" : "build",
        job.StoppedAt,
        job.Plan.IsApproval ? job.Plan.Id : null);

    public JobDetailsBody JobDetails(PipelineRun run, WorkflowView workflow, JobView job)
    {
        var slug = ProjectSlug.Parse(run.ProjectSlug);
        var number = job.Plan.Number ?? 0;
        long? duration = job.StartedAt is { } started && job.StoppedAt is { } stopped
            ? (long)(stopped - started).TotalMilliseconds
            : null;
        var runs = Enumerable.Range(0, job.Plan.Parallelism).Select(i => new ParallelRunBody(i, job.Status)).ToList();
        return new JobDetailsBody(
            slug.JobWebUrl(run.Number, workflow.Plan.Id, number),
            new ProjectBody(ProjectId(run.ProjectSlug), run.ProjectSlug, slug.Repo, slug.RepositoryUrl),
            runs,
            job.StartedAt,
            new LatestWorkflowBody(workflow.Plan.Id, workflow.Plan.Name),
            job.Plan.Name,
            new ExecutorBody(job.Plan.ResourceClass, job.Plan.Executor),
            job.Plan.Parallelism,
            job.Status,
            number,
            new IdBody(run.Id),
            duration,
            workflow.CreatedAt,
            [],
            [],
            new NameBody(slug.Org),
            job.QueuedAt,
            job.StoppedAt);
    }

    // Stable per slug, so repeated calls agree on the project id.
    public static string ProjectId(string slug)
    {
        var bytes = new byte[16];
        new Random(PlanBuilder.StableSeed(0, slug, 0)).NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
