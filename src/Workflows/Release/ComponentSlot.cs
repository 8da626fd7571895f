using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Release.Workflows.Release;

/// <summary>Where a component is in a release scheduled by <see cref="ReleaseScheduler"/>.</summary>
internal enum SlotState
{
    Pending,
    Running,
    Succeeded,

    /// <summary>An earlier run released it (<c>release resume</c>).</summary>
    Reused,

    /// <summary>An operator skipped it after it failed.</summary>
    Skipped,

    /// <summary>It failed, and the release (started with <c>--on-failure ask</c>) waits for a decision.</summary>
    AwaitingDecision,

    /// <summary>It failed, and the release stops.</summary>
    Failed,

    /// <summary>The release stopped watching it.</summary>
    Stopped,
}

/// <summary>One component of a scheduled release: its state, its child workflow, what was decided.</summary>
internal sealed class ComponentSlot(PlannedComponent planned, int stage, string branch)
{
    public PlannedComponent Planned { get; } = planned;

    public string Name => Planned.Name;

    /// <summary>The plan stage it belongs to: its barrier in the stage schedule, its display group in the graph.</summary>
    public int Stage { get; } = stage;

    public string Branch { get; } = branch;

    public SlotState State { get; set; } = SlotState.Pending;

    /// <summary>The child workflow's result while it runs.</summary>
    public Task<ComponentResult>? Running { get; set; }

    public ComponentResult? Result { get; set; }

    /// <summary>How many times a child was started for it (retries count).</summary>
    public int Attempts { get; set; }

    public ReusedComponent? Reused { get; set; }

    public OperatorAction? Decision { get; set; }

    /// <summary>The next start re-runs this failed CircleCI workflow instead of triggering a pipeline.</summary>
    public RerunInPipeline? RerunNext { get; set; }

    public DateTimeOffset? DecisionSince { get; set; }

    public DateTimeOffset? DecisionDeadline { get; set; }

    /// <summary>While it awaits a decision: its failed jobs with their failing step and output tail, once read.</summary>
    public IReadOnlyList<JobReport>? FailedJobs { get; set; }

    /// <summary>Released, skipped or reused: its dependents may start, its stage may be reported.</summary>
    public bool Done => State is SlotState.Succeeded or SlotState.Reused or SlotState.Skipped;

    public bool Open => State is SlotState.Pending or SlotState.Running or SlotState.AwaitingDecision;
}
