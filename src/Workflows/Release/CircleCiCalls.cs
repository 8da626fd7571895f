using Temporalio.Common;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// Activity options of the CircleCI activities. They also bound what a worker killed mid-call
/// costs: Temporal retries the call elsewhere once its start-to-close (short calls) or heartbeat
/// (long ones) timeout passes, so both are kept short.
/// </summary>
internal static class CircleCiCalls
{
    /// <summary>One or two HTTP calls (a status read, a trigger): bounded by the client's 30 s HTTP timeout.</summary>
    public static ActivityOptions Short(WatchSettings watch, CancellationToken? cancellationToken = null) =>
        Options(watch, watch.CallTimeout ?? WatchSettings.DefaultCallTimeout, cancellationToken);

    /// <summary>
    /// Many calls in one activity (a stage snapshot, cancelling a stage's workflows): they heartbeat,
    /// so a dead worker is noticed within the heartbeat timeout, however long the whole may take.
    /// </summary>
    public static ActivityOptions Long(WatchSettings watch)
    {
        var options = Options(watch, TimeSpan.FromMinutes(10), null);
        options.HeartbeatTimeout = watch.HeartbeatTimeout ?? WatchSettings.DefaultHeartbeatTimeout;
        return options;
    }

    // No attempt limit: CircleCI outages and rate limits pass; permanent errors are non-retryable.
    // A 429's Retry-After overrides the backoff for the next attempt (see CircleCiFailures).
    private static ActivityOptions Options(WatchSettings watch, TimeSpan startToClose, CancellationToken? cancellationToken) => new()
    {
        StartToCloseTimeout = startToClose,
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            MaximumInterval = watch.CallRetryMaxInterval ?? TimeSpan.FromMinutes(1),
        },
        CancellationToken = cancellationToken,
    };
}
