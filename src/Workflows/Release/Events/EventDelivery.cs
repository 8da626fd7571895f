using Microsoft.Extensions.Logging;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release.Events;

/// <summary>
/// A workflow's outbox of transitions: <see cref="Add"/> queues one and returns at once; a loop in
/// the background publishes what gathered (a <see cref="BatchWindow"/> at most), in order, a batch
/// per activity, retried without end.
/// A broker outage therefore delays events and never fails or holds up the release; a transition
/// leaves the outbox only once its activity completed, so none is lost (at-least-once: a retried
/// or handed-over batch is published again, with the same event ids).
/// </summary>
/// <remarks>Workflow code: everything here is replayed, so it only keeps state and schedules activities.</remarks>
internal sealed class EventDelivery
{
    /// <summary>At most this many transitions per activity, so no activity input grows with the release.</summary>
    public const int MaxBatch = 100;

    /// <summary>
    /// And at most about this many bytes (<see cref="TransitionSize"/>), far below a real cluster's
    /// 2 MB payload limit, and below the 32 KiB of the tests that scale its limits down 64 times;
    /// a transition larger than this (the start of a release of thousands) goes alone.
    /// </summary>
    public const int MaxBatchBytes = 16 * 1024;

    /// <summary>
    /// How long transitions gather before a batch goes, unless a full batch is waiting or the
    /// workflow is ending: an activity per transition would double a large release's history
    /// (about ten events per component) towards a real cluster's 51,200-event limit; this costs
    /// one batch per window, whatever the release's size, and delays an event by this much at most.
    /// </summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(5);

    private readonly List<ReleaseTransition> pending = [];
    private bool publishing;
    private bool flushing;

    public void Add(ReleaseTransition transition)
    {
        pending.Add(transition);
        if (!publishing)
        {
            publishing = true;
            _ = PublishAllAsync();
        }
    }

    /// <summary>Waits until the outbox is empty, at most <paramref name="within"/> (forever when null); false if it is not.</summary>
    /// <remarks>Not cancelled with the workflow: a cancelled release still publishes how it ended.</remarks>
    public async Task<bool> DrainedAsync(TimeSpan? within)
    {
        // From now on nothing gathers: what is queued goes at once.
        flushing = true;
        if (within is { } limit)
        {
            return await Workflow.WaitConditionAsync(() => pending.Count == 0, limit, CancellationToken.None);
        }

        await Workflow.WaitConditionAsync(() => pending.Count == 0, CancellationToken.None);
        return true;
    }

    /// <summary>Everything still in the outbox, in order, for another workflow to deliver.</summary>
    public IReadOnlyList<ReleaseTransition> Undelivered() => [.. pending];

    private async Task PublishAllAsync()
    {
        while (pending.Count > 0)
        {
            if (!flushing && pending.Count < MaxBatch)
            {
                await Workflow.WaitConditionAsync(() => flushing || pending.Count >= MaxBatch, BatchWindow, CancellationToken.None);
            }

            var batch = Batch(pending, MaxBatch, MaxBatchBytes);
            try
            {
                await Workflow.ExecuteActivityAsync(ActivityNames.PublishReleaseEvents, [new ReleaseEventBatch(batch)], Options(batch.Count));
            }
            catch (ActivityFailureException e)
            {
                // Only a failure the activity marks non-retryable ends here (an event it cannot
                // build): retrying would never succeed, and holding the outbox would stop every
                // later event, so the batch is dropped, loudly.
                Workflow.Logger.LogError("Dropped {Count} release events that cannot be published: {Reason}", batch.Count, FailureCause.Of(e));
            }

            pending.RemoveRange(0, batch.Count);
        }

        publishing = false;
    }

    /// <summary>The first transitions of <paramref name="transitions"/>: at least one, at most <paramref name="count"/>, about <paramref name="bytes"/> at most.</summary>
    public static List<ReleaseTransition> Batch(IEnumerable<ReleaseTransition> transitions, int count, int bytes)
    {
        var batch = new List<ReleaseTransition>();
        var size = 0;
        foreach (var transition in transitions)
        {
            var next = TransitionSize.Estimate(transition);
            if (batch.Count == count || (batch.Count > 0 && size + next > bytes))
            {
                break;
            }

            batch.Add(transition);
            size += next;
        }

        return batch;
    }

    // Retried without end (a broker outage lasts what it lasts), every minute at most; the
    // timeout covers a connect that hangs. Never cancelled: see DrainedAsync.
    private static ActivityOptions Options(int count) => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromMinutes(1),
            MaximumAttempts = 0,
        },
        CancellationToken = CancellationToken.None,
        Summary = $"publish {count} release event{(count == 1 ? "" : "s")}",
    };
}
