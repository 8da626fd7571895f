using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// Every triggered pipeline and the indexes to find them by workflow id or job number.
/// One lock guards it all: calls are few and short, and simplicity beats throughput here.
/// </summary>
internal sealed class SimulatorState
{
    private readonly SimulatorScenario scenario;
    private readonly SimulatorOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, PipelineRun> pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> triggerOrder = [];
    private readonly Dictionary<string, (string PipelineId, int Workflow)> workflows = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Slug, long Number), (string PipelineId, int Workflow, int Job)> jobs = [];
    private readonly Dictionary<string, long> pipelineNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> jobNumbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> attempts = new(StringComparer.Ordinal);

    public SimulatorState(SimulatorScenario scenario, SimulatorOptions options, TimeProvider time)
    {
        this.scenario = scenario;
        this.options = options;
        this.time = time;
        LoadHistory();
    }

    /// <summary>The user id shown as started_by / canceled_by / approved_by.</summary>
    public string ActorId { get; } = Guid.NewGuid().ToString();

    public PipelineRun Trigger(
        string slug,
        ProjectSpec spec,
        string? branch,
        string? tag,
        IReadOnlyDictionary<string, JsonElement> parameters,
        DateTimeOffset now)
    {
        lock (gate)
        {
            var number = pipelineNumbers[slug] = pipelineNumbers.GetValueOrDefault(slug) + 1;
            var random = new Random(PlanBuilder.StableSeed(scenario.Seed, slug, number));
            var outcome = Attempts.Outcome(spec, NextAttempt(slug));
            var plan = PlanBuilder.Build(Attempts.Apply(spec, outcome), random, () => NextJobNumber(slug));
            var sha = new byte[20];
            random.NextBytes(sha);
            var revision = Convert.ToHexStringLower(sha);
            var run = new PipelineRun(Guid.NewGuid().ToString(), slug, number, branch, tag, parameters, revision, now, options.TimeScale, plan);
            pipelines[run.Id] = run;
            triggerOrder.Add(run.Id);
            for (var w = 0; w < plan.Workflows.Count; w++)
            {
                Index(run, w);
            }

            return run;
        }
    }

    public PipelineRun? FindPipeline(string id)
    {
        lock (gate)
        {
            return pipelines.GetValueOrDefault(id);
        }
    }

    /// <summary>The run holding a workflow and the workflow's index in it.</summary>
    public (PipelineRun Run, int Index)? FindWorkflow(string id)
    {
        lock (gate)
        {
            return WorkflowUnlocked(id);
        }
    }

    public (PipelineRun Run, int Workflow, int Job)? FindJob(string slug, long number)
    {
        lock (gate)
        {
            return jobs.TryGetValue((slug, number), out var at) ? (pipelines[at.PipelineId], at.Workflow, at.Job) : null;
        }
    }

    /// <summary>A project's pipelines, newest first, optionally on one branch.</summary>
    public IReadOnlyList<PipelineRun> ProjectPipelines(string slug, string? branch)
    {
        lock (gate)
        {
            return triggerOrder.AsEnumerable().Reverse()
                .Select(id => pipelines[id])
                .Where(p => p.ProjectSlug == slug && (string.IsNullOrEmpty(branch) || p.Branch == branch))
                .ToList();
        }
    }

    /// <summary>Every pipeline in trigger order.</summary>
    public IReadOnlyList<PipelineRun> AllPipelines()
    {
        lock (gate)
        {
            return triggerOrder.Select(id => pipelines[id]).ToList();
        }
    }

    public bool HasPipelines(string slug)
    {
        lock (gate)
        {
            return pipelineNumbers.ContainsKey(slug);
        }
    }

    /// <summary>Records the first cancellation of a workflow; later ones change nothing.</summary>
    public bool Cancel(string workflowId, DateTimeOffset now)
    {
        lock (gate)
        {
            if (WorkflowUnlocked(workflowId) is not { Run: var run })
            {
                return false;
            }

            if (!run.Cancellations.ContainsKey(workflowId))
            {
                pipelines[run.Id] = run with { Cancellations = run.Cancellations.Add(workflowId, now) };
            }

            return true;
        }
    }

    public ApprovalOutcome Approve(string workflowId, string approvalRequestId, DateTimeOffset now)
    {
        lock (gate)
        {
            if (WorkflowUnlocked(workflowId) is not { Run: var run, Index: var index })
            {
                return ApprovalOutcome.WorkflowNotFound;
            }

            var job = Timeline.Compute(run, now).Workflows.ElementAtOrDefault(index)?.Jobs
                .FirstOrDefault(j => j.Plan.IsApproval && string.Equals(j.Plan.Id, approvalRequestId, StringComparison.OrdinalIgnoreCase));
            if (job is null)
            {
                return run.Plan.Workflows[index].Jobs.Any(j => j.IsApproval && string.Equals(j.Id, approvalRequestId, StringComparison.OrdinalIgnoreCase))
                    ? ApprovalOutcome.NotOnHold
                    : ApprovalOutcome.ApprovalNotFound;
            }

            if (job.Status != "on_hold")
            {
                return ApprovalOutcome.NotOnHold;
            }

            pipelines[run.Id] = run with { Approvals = run.Approvals.Add(job.Plan.Id, now) };
            return ApprovalOutcome.Approved;
        }
    }

    /// <summary>
    /// Reruns a workflow that has ended as a new workflow of the same pipeline; the old one keeps
    /// its status. The rerun is an attempt of its project, so failFirst decides how it ends.
    /// </summary>
    public RerunResult Rerun(string workflowId, RerunRequest request, DateTimeOffset now)
    {
        lock (gate)
        {
            if (WorkflowUnlocked(workflowId) is not { Run: var run, Index: var index }
                || Timeline.Compute(run, now).Workflows.ElementAtOrDefault(index) is not { } ended)
            {
                return new RerunResult(RerunOutcome.WorkflowNotFound, null);
            }

            if (!JobStatuses.TerminalWorkflow.Contains(ended.Status))
            {
                return new RerunResult(RerunOutcome.StillRunning, null);
            }

            var known = ended.Jobs.Select(j => j.Plan.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (request.Jobs?.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            {
                return new RerunResult(RerunOutcome.UnknownJob, unknown);
            }

            var chosen = request.FromFailed ? ended.Jobs.Where(j => j.Status != "success").Select(j => j.Plan.Id)
                : request.Jobs is { } ids ? ended.Jobs.Where(j => ids.Contains(j.Plan.Id, StringComparer.OrdinalIgnoreCase)).Select(j => j.Plan.Id)
                : known;
            var rerunIds = chosen.ToHashSet(StringComparer.Ordinal);
            if (rerunIds.Count == 0)
            {
                return new RerunResult(RerunOutcome.NothingToRerun, null);
            }

            var slug = run.ProjectSlug;
            var spec = scenario.FindProject(slug) ?? new ProjectSpec();
            var outcome = Attempts.Outcome(spec, NextAttempt(slug));
            var plan = RerunPlanner.Plan(ended, rerunIds, outcome, run.ScenarioSeconds(now), () => NextJobNumber(slug));
            var updated = run with { Plan = run.Plan with { Workflows = [.. run.Plan.Workflows, plan] } };
            pipelines[run.Id] = updated;
            Index(updated, updated.Plan.Workflows.Count - 1);
            return new RerunResult(RerunOutcome.Created, plan.Id);
        }
    }

    /// <summary>How many pipelines have not ended at an instant: pending, or with a workflow still going.</summary>
    public int PipelinesInFlight(DateTimeOffset now)
    {
        lock (gate)
        {
            return pipelines.Values.Count(run => Timeline.Compute(run, now) is var view
                && (view.State == "pending" || view.Workflows.Any(w => !JobStatuses.TerminalWorkflow.Contains(w.Status))));
        }
    }

    private void Index(PipelineRun run, int w)
    {
        var plan = run.Plan.Workflows[w];
        workflows[plan.Id] = (run.Id, w);
        foreach (var (job, j) in plan.Jobs.Select((job, j) => (job, j)))
        {
            // A copied job keeps the number of the job it copies, which stays where it ran.
            if (job.Number is { } jobNumber && !jobs.ContainsKey((run.ProjectSlug, jobNumber)))
            {
                jobs[(run.ProjectSlug, jobNumber)] = (run.Id, w, j);
            }
        }
    }

    // Triggers and reruns of a project share one count: failFirst counts attempts, whatever kind.
    private long NextAttempt(string slug) => attempts[slug] = attempts.GetValueOrDefault(slug) + 1;

    private long NextJobNumber(string slug) => jobNumbers[slug] = jobNumbers.GetValueOrDefault(slug) + 1;

    private (PipelineRun Run, int Index)? WorkflowUnlocked(string id) =>
        workflows.TryGetValue(id, out var at) ? (pipelines[at.PipelineId], at.Workflow) : null;

    public void Reset()
    {
        lock (gate)
        {
            pipelines.Clear();
            triggerOrder.Clear();
            workflows.Clear();
            jobs.Clear();
            pipelineNumbers.Clear();
            jobNumbers.Clear();
            attempts.Clear();
            LoadHistory();
        }
    }

    // The past pipelines of every project that has a history, oldest first, before any trigger.
    private void LoadHistory()
    {
        var now = time.GetUtcNow();
        var past = scenario.Projects
            .Where(p => p.Value.History is { Pipelines: > 0 })
            .SelectMany(p => HistoryBuilder.Build(p.Key, p.Value, scenario.Seed, now, () => NextJobNumber(p.Key)))
            .OrderBy(run => run.TriggeredAt);
        foreach (var run in past)
        {
            pipelines[run.Id] = run;
            triggerOrder.Add(run.Id);
            pipelineNumbers[run.ProjectSlug] = Math.Max(pipelineNumbers.GetValueOrDefault(run.ProjectSlug), run.Number);
            for (var w = 0; w < run.Plan.Workflows.Count; w++)
            {
                Index(run, w);
            }
        }
    }
}

internal enum RerunOutcome
{
    Created,
    WorkflowNotFound,
    StillRunning,
    UnknownJob,
    NothingToRerun,
}

/// <summary>A rerun's outcome; <see cref="Detail"/> is the new workflow id, or the unknown job id.</summary>
internal sealed record RerunResult(RerunOutcome Outcome, string? Detail);

internal enum ApprovalOutcome
{
    Approved,
    WorkflowNotFound,
    ApprovalNotFound,
    NotOnHold,
}
