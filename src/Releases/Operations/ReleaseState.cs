using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>What Temporal knows about one release: its input, status and, once closed, its result.</summary>
/// <param name="Status">running, or once closed the summary's outcome (succeeded, dry_run, failed,
/// aborted), or Temporal's own close status (terminated, canceled, timed_out).</param>
/// <param name="Summary">The stage reports; null while running, or when it ended without one
/// (terminated, timed out).</param>
/// <param name="Failure">Why it ended, when it did not succeed.</param>
/// <param name="TaskQueue">The task queue its worker polls: a resumed run goes to the same one.</param>
public sealed record ReleaseState(
    string WorkflowId,
    string RunId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? ClosedAt,
    ReleaseInput Input,
    ReleaseSummary? Summary,
    string? Failure,
    string? TaskQueue = null)
{
    public bool IsRunning => ClosedAt is null;

    public bool Succeeded => Status is StageOutcomes.Succeeded or StageOutcomes.DryRun;

    public string ReleaseName => $"{Input.Plan.ReleaseName} {Input.Plan.ReleaseVersion}";
}
