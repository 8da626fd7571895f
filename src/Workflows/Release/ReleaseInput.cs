using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;

namespace Release.Workflows.Release;

/// <summary>What the release workflow receives: the plan and how to run it. Never a secret.</summary>
public sealed record ReleaseInput(ExecutionPlan Plan, ReleaseSettings Settings);

/// <param name="Branch">Used for components whose plan entry has no branch.</param>
/// <param name="DryRun">Plan and report without triggering any pipeline.</param>
/// <param name="Schedule">Null (older releases too): stages.</param>
/// <param name="MaxParallel">The most pipelines watched at once, in either schedule; null for no cap.</param>
/// <param name="OnFailure">Null (older releases too): stop at the first failure.</param>
/// <param name="DecisionTimeout">How long a failure waits for a decision before the release aborts; null: 24 hours.</param>
/// <param name="ApproveBeforeStages">Plan stage indexes (1-based) held until an <c>approve</c> Update.</param>
/// <param name="Resume">Set by <c>release resume</c>: what earlier runs already released.</param>
/// <param name="ReportPartSize">
/// A stage with more components is snapshotted in slices of this many, one activity each, so no
/// activity's input or result grows with the stage; null: <see cref="Reports.StageDigest.DefaultPartSize"/>.
/// </param>
/// <param name="PublishEvents">False: this release publishes no events; null (older releases too) or true: it does.</param>
public sealed record ReleaseSettings(
    string? Branch = null,
    WatchSettings? Watch = null,
    OnHoldSettings? OnHold = null,
    VerdictPolicy? Verdict = null,
    bool DryRun = false,
    ReleaseSchedule? Schedule = null,
    int? MaxParallel = null,
    FailurePolicy? OnFailure = null,
    TimeSpan? DecisionTimeout = null,
    IReadOnlyList<int>? ApproveBeforeStages = null,
    ResumeFrom? Resume = null,
    int? ReportPartSize = null,
    bool? PublishEvents = null)
{
    public static readonly TimeSpan DefaultDecisionTimeout = TimeSpan.FromHours(24);
}

/// <summary>How a component workflow polls its pipeline.</summary>
/// <param name="WorkflowGrace">How long a created pipeline may show no workflows before that counts as final.</param>
/// <param name="PollsPerRun">Polls before continuing as new, bounding each run's history.</param>
/// <param name="CallTimeout">
/// Start-to-close timeout of a short CircleCI activity (a status read, a trigger; default 35 s, the
/// client's 30 s HTTP timeout and a margin): also how long a call held by a worker that died waits
/// before it is retried on another worker. Keep it above the worker's <c>CircleCi:Timeout</c>.
/// </param>
/// <param name="CallRetryMaxInterval">Longest wait between retries of a failed CircleCI call (default 1 minute).</param>
/// <param name="WebhookSafetyInterval">
/// Where the worker receives CircleCI webhooks, the wait between polls once the pipeline's
/// workflows exist (default 5 minutes): a lost webhook costs at most this much.
/// </param>
/// <param name="HeartbeatTimeout">
/// Heartbeat timeout of the long CircleCI activities (the stage snapshot, cancelling pipelines;
/// default 30 s): how long one held by a worker that died waits before it is retried.
/// </param>
public sealed record WatchSettings(
    TimeSpan InitialInterval,
    double BackoffCoefficient,
    TimeSpan MaxInterval,
    TimeSpan WorkflowGrace,
    int PollsPerRun = 100,
    TimeSpan? CallTimeout = null,
    TimeSpan? CallRetryMaxInterval = null,
    TimeSpan? WebhookSafetyInterval = null,
    TimeSpan? HeartbeatTimeout = null)
{
    public static readonly TimeSpan DefaultWebhookSafetyInterval = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(35);

    public static readonly TimeSpan DefaultHeartbeatTimeout = TimeSpan.FromSeconds(30);

    public static WatchSettings Default { get; } =
        new(TimeSpan.FromSeconds(2), 1.5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    public TimeSpan Next(TimeSpan current) =>
        TimeSpan.FromTicks(Math.Min((long)(current.Ticks * BackoffCoefficient), MaxInterval.Ticks));
}

public enum OnHoldAction
{
    /// <summary>Wait for someone to approve, up to <see cref="OnHoldSettings.Limit"/>.</summary>
    Wait,

    /// <summary>A release pipeline waiting for an approval is a failure.</summary>
    Fail,
}

public sealed record OnHoldSettings(OnHoldAction Action, TimeSpan Limit)
{
    public static OnHoldSettings Default { get; } = new(OnHoldAction.Wait, TimeSpan.FromHours(4));
}
