using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// Schedules the components of a release: starts each one as soon as it may (its stage barrier,
/// or its dependencies in the graph schedule), unless the release is paused, waits for a decision
/// or an approval, or has as many pipelines in flight as allowed; reports each stage once all of
/// its components are released; and at the first failure (or an abort) stops watching and reports
/// what ran. Every wait is on workflow state or child results: no polling, no timers but the
/// decision deadline.
/// </summary>
internal sealed partial class ReleaseScheduler
{
    private readonly ReleaseWorkflow release;
    private readonly ReleaseInput input;
    private readonly ReleaseSettings settings;
    private readonly List<ComponentSlot> slots;
    private readonly Dictionary<string, ComponentSlot> byName;
    private readonly List<ComponentSlot> startOrder;
    private readonly ILookup<int, ComponentSlot> byStage;
    private readonly Dictionary<int, DateTimeOffset> gatesWaiting = [];
    private readonly HashSet<int> gatesApproved = [];
    private readonly HashSet<int> reported = [];
    private readonly List<Task> reporting = [];
    private Task logChain = Task.CompletedTask;
    private ComponentSlot? failure;

    public ReleaseScheduler(ReleaseWorkflow release, ReleaseInput input)
    {
        this.release = release;
        this.input = input;
        settings = input.Settings;
        Schedule = settings.Schedule ?? ReleaseSchedule.Stages;
        slots = input.Plan.Stages
            .SelectMany(s => s.Components.Select(c => new ComponentSlot(c, s.Index, BranchOf(c))))
            .ToList();
        byName = slots.ToDictionary(s => s.Name, StringComparer.Ordinal);
        startOrder = CriticalPathFirst(slots);
        byStage = slots.ToLookup(s => s.Stage);
    }

    public ReleaseSchedule Schedule { get; }

    /// <summary>Set once the release stops scheduling: requests are refused from then on.</summary>
    public bool Ending { get; private set; }

    /// <summary>The release's status while it schedules, for the progress query, the memo and the search attribute.</summary>
    private string Status => slots.Any(s => s.State == SlotState.AwaitingDecision) ? "awaiting_decision"
        : gatesWaiting.Count > 0 && !slots.Any(s => s.State == SlotState.Running) ? "awaiting_approval"
        : release.Paused ? "paused"
        : "running";

    private FailurePolicy OnFailure => settings.OnFailure ?? FailurePolicy.Stop;

    private WatchSettings Watch => settings.Watch ?? WatchSettings.Default;

    public async Task<ReleaseSummary> RunAsync()
    {
        StartEvents();
        TakeResume();
        await LoadExpectedDurationsAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        while (release.Abort is null && failure is null)
        {
            StartReady(stop.Token);
            ReportFinishedStages();
            ShowStatus();
            if (!slots.Any(s => s.Open))
            {
                break;
            }

            await WaitForChangeAsync();
            CollectFinished();
            AbortOnExpiredDecisions();
        }

        Ending = true;
        await StopWatchingAsync(stop);
        return await EndAsync();
    }

    private void TakeResume()
    {
        foreach (var slot in slots)
        {
            release.SetComponentStatus(slot.Name, "pending");
        }

        if (settings.Resume is not { } resume)
        {
            return;
        }

        release.Record(OperatorActionKinds.Resume, resume.By, resume.Reason);
        foreach (var reused in resume.Reused)
        {
            if (byName.TryGetValue(reused.Name, out var slot))
            {
                slot.State = SlotState.Reused;
                slot.Reused = reused;
                slot.Result = new ComponentResult(
                    slot.Name, ComponentOutcome.Succeeded, $"reused: its pipeline #{reused.Pipeline.Number} succeeded in run {reused.RunId}", reused.Pipeline);
                release.SetPipeline(slot.Name, reused.Pipeline);
                release.SetComponentStatus(slot.Name, "reused");
            }
        }

        foreach (var rerun in resume.RerunFailed ?? [])
        {
            if (byName.TryGetValue(rerun.Name, out var slot) && slot.State == SlotState.Pending)
            {
                slot.RerunNext = rerun;
            }
        }
    }

    // Linear in the components: it runs after every child that ends, so a 1,000-component stage
    // must not cost a million steps each time.
    private void StartReady(CancellationToken stop)
    {
        var running = slots.Count(s => s.State == SlotState.Running);
        var awaitingDecision = slots.Any(s => s.State == SlotState.AwaitingDecision);
        var cap = Math.Min(settings.MaxParallel ?? int.MaxValue, MaxChildrenAtOnce);
        var barrier = FirstStageNotReleased();
        foreach (var slot in startOrder.Where(s => s.State == SlotState.Pending && MayStartAfter(s, barrier)))
        {
            if (NeedsApproval(slot.Stage))
            {
                gatesWaiting.TryAdd(slot.Stage, Workflow.UtcNow);
                release.SetComponentStatus(slot.Name, "awaiting_approval");
            }
            else if (release.Paused || (awaitingDecision && slot.Attempts == 0) || running >= cap)
            {
                // While a failure waits for its decision nothing new starts, as the operator may
                // abort; a retry someone decided is not new, and goes.
                release.SetComponentStatus(slot.Name, "queued");
            }
            else
            {
                Start(slot, stop);
                running++;
            }
        }
    }

    /// <summary>The stage barrier: the lowest stage with a component not yet released (int.MaxValue when none).</summary>
    private int FirstStageNotReleased() =>
        slots.Where(s => !s.Done).Select(s => s.Stage).DefaultIfEmpty(int.MaxValue).Min();

    /// <summary>
    /// When more components are ready than may start (a parallelism cap), the one with the longest
    /// chain of dependents goes first: it is the one the release's end waits for. Ties keep the
    /// plan's order. Dependents are counted by <c>dependsOn</c> in either schedule.
    /// </summary>
    private static List<ComponentSlot> CriticalPathFirst(List<ComponentSlot> slots)
    {
        var dependents = new Dictionary<string, List<ComponentSlot>>(StringComparer.Ordinal);
        foreach (var slot in slots)
        {
            foreach (var dependency in slot.Planned.Dependencies)
            {
                (dependents.TryGetValue(dependency, out var list) ? list : dependents[dependency] = []).Add(slot);
            }
        }

        // Deepest first: a component's chain is one more than its longest dependent's, and every
        // dependent is deeper in the graph (the planner refused cycles).
        var chain = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var slot in slots.OrderByDescending(s => s.Planned.Depth))
        {
            chain[slot.Name] = 1 + (dependents.TryGetValue(slot.Name, out var list) ? list.Max(d => chain.GetValueOrDefault(d.Name)) : 0);
        }

        return slots.Select((slot, index) => (slot, index))
            .OrderByDescending(p => chain[p.slot.Name])
            .ThenBy(p => p.index)
            .Select(p => p.slot)
            .ToList();
    }

    /// <summary>The stage barrier, or the component's dependencies in the graph schedule.</summary>
    private bool MayStartAfter(ComponentSlot slot, int firstStageNotReleased) => Schedule == ReleaseSchedule.Graph
        ? slot.Planned.Dependencies.All(d => !byName.TryGetValue(d, out var dependency) || dependency.Done)
        : slot.Stage <= firstStageNotReleased;

    private bool NeedsApproval(int stage) =>
        settings.ApproveBeforeStages?.Contains(stage) == true && !gatesApproved.Contains(stage);

    /// <summary>
    /// Temporal refuses a workflow task that leaves more than 2,000 children pending: a larger
    /// stage starts its children in batches, a new one as each ends, whatever MaxParallel says.
    /// </summary>
    public const int MaxChildrenAtOnce = 1_000;


    private void Start(ComponentSlot slot, CancellationToken stop)
    {
        slot.State = SlotState.Running;
        slot.Attempts++;
        slot.Running = RunChildAsync(slot, slot.RerunNext, stop);
        slot.RerunNext = null;
        release.StageStarted(slot.Stage);
        release.SetComponentStatus(slot.Name, "starting");
    }

    private async Task<ComponentResult> RunChildAsync(ComponentSlot slot, RerunInPipeline? rerun, CancellationToken stop)
    {
        var releaseId = Workflow.Info.WorkflowId;
        var summary = ReleaseDetails.Summary($"{slot.Name} {slot.Planned.Version} on {slot.Branch}");
        var childInput = new ComponentInput(
            releaseId,
            slot.Stage,
            slot.Planned,
            slot.Branch,
            Watch,
            settings.OnHold ?? OnHoldSettings.Default,
            settings.Verdict ?? new VerdictPolicy(),
            IndexPipeline: Workflow.TypedSearchAttributes.ContainsKey(ReleaseSearchAttributes.Status),
            RerunFailed: rerun,
            Expected: release.ExpectedOf(slot.Name));

        // A retry is a new child beside the failed one, which stays in Temporal as it ended.
        var id = slot.Attempts == 1 ? $"{releaseId}/{slot.Name}" : $"{releaseId}/{slot.Name}/attempt-{slot.Attempts}";
        try
        {
            var handle = await Workflow.StartChildWorkflowAsync(
                (ComponentWorkflow wf) => wf.RunAsync(childInput),
                new ChildWorkflowOptions { Id = id, CancellationToken = stop, StaticSummary = summary });
            return await handle.GetResultAsync();
        }
        finally
        {
            // The run loop waits for this flag, not for a WhenAny over every child: that would add
            // a continuation to each running child at each step, quadratic in a large stage.
            release.Wake = true;
        }
    }

    private async Task WaitForChangeAsync()
    {
        release.Wake = false;
        using var cancelWait = new CancellationTokenSource();
        var deadline = slots.Where(s => s.DecisionDeadline is not null).Min(s => s.DecisionDeadline);
        var woken = deadline is { } d
            ? Workflow.WaitConditionAsync(() => release.Wake, Positive(d - Workflow.UtcNow), cancelWait.Token)
            : Workflow.WaitConditionAsync(() => release.Wake, cancelWait.Token);
        await woken;

        // Dropped whatever woke it, and with it the deadline's timer.
        cancelWait.Cancel();
    }

    private static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);

    private void CollectFinished()
    {
        foreach (var slot in slots.Where(s => s.Running is { IsCompleted: true }).ToList())
        {
            var result = Finish(slot);
            slot.Result = result;
            PublishEnded(slot);
            if (result.Pipeline is { } pipeline)
            {
                release.SetPipeline(slot.Name, pipeline);
            }

            switch (result.Outcome)
            {
                case ComponentOutcome.Succeeded:
                    Settle(slot, SlotState.Succeeded);
                    break;
                case ComponentOutcome.Failed when OnFailure == FailurePolicy.Ask && release.Abort is null:
                    slot.State = SlotState.AwaitingDecision;
                    slot.DecisionSince = Workflow.UtcNow;
                    slot.DecisionDeadline = Workflow.UtcNow + (settings.DecisionTimeout ?? ReleaseSettings.DefaultDecisionTimeout);
                    release.SetComponentStatus(slot.Name, "awaiting_decision");
                    slot.FailedJobs = null;
                    if (Workflow.Patched(Patches.DecisionFailureOutput))
                    {
                        // In the background, not awaited: the decision may come first, and the release never waits on it.
                        _ = ShowFailureAsync(slot, slot.Attempts);
                    }

                    break;
                case ComponentOutcome.Failed:
                    Settle(slot, SlotState.Failed);
                    failure ??= slot;
                    break;
                default:
                    // Only the release stops watching a component: here, a cancellation from Temporal.
                    Settle(slot, SlotState.Stopped);
                    failure ??= slot;
                    break;
            }
        }
    }

    private void Settle(ComponentSlot slot, SlotState state)
    {
        slot.State = state;
        slot.Running = null;
        release.SetComponentStatus(slot.Name, Reports.ComponentOutcomes.Of(slot.Result!.Outcome));
    }

    private ComponentResult Finish(ComponentSlot slot)
    {
        var task = slot.Running!;
        slot.Running = null;
        if (task.IsCompletedSuccessfully)
        {
            return task.Result;
        }

        var error = task.Exception?.InnerException;
        if (ComponentFailure.ResultIn(error) is { } failed)
        {
            return failed;
        }

        return TemporalException.IsCanceledException(error ?? new OperationCanceledException())
            ? new ComponentResult(slot.Name, ComponentOutcome.Stopped, "watch stopped", release.PipelineOf(slot.Name))
            : new ComponentResult(slot.Name, ComponentOutcome.Failed, error is null ? "its workflow failed" : FailureCause.Of(error), release.PipelineOf(slot.Name));
    }

    private void AbortOnExpiredDecisions()
    {
        var expired = slots.FirstOrDefault(s => s.State == SlotState.AwaitingDecision && s.DecisionDeadline <= Workflow.UtcNow);
        if (expired is null || release.Abort is not null)
        {
            return;
        }

        var timeout = settings.DecisionTimeout ?? ReleaseSettings.DefaultDecisionTimeout;
        var reason = $"no decision for component {expired.Name} within {Durations.Describe(timeout)}";
        release.Record(OperatorActionKinds.DecisionTimedOut, "release", reason, expired.Name);
        release.RequestAbort(new AbortRequest(reason));
    }

    private void ShowStatus()
    {
        var running = slots.Where(s => s.State is SlotState.Running or SlotState.AwaitingDecision).Select(s => (int?)s.Stage).Min();
        var stage = running ?? slots.Where(s => s.State == SlotState.Pending).Select(s => (int?)s.Stage).Min();
        release.SetCurrentStage(stage);
        release.SetStatusIfChanged(Status, stage);
        release.RefreshDetails();
    }

    private string BranchOf(PlannedComponent component) =>
        component.Branch ?? settings.Branch
        ?? throw new ApplicationFailureException(
            $"No branch for component {component.Name}: give one in the manifest or when starting the release.",
            errorType: "InvalidInput",
            nonRetryable: true);
}
