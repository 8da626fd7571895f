using Temporalio.Activities;

namespace Release.Activities.Release;

/// <summary>
/// Keeps a long activity's heartbeat going while it works, so that Temporal notices a dead worker
/// within the heartbeat timeout instead of the (much longer) start-to-close timeout. A beat proves
/// the worker is alive; each HTTP call is bounded by the client's own timeout.
/// </summary>
internal static class Heartbeats
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    public static async Task<T> WhileRunningAsync<T>(Func<Task<T>> work)
    {
        var context = ActivityExecutionContext.Current;
        if (context.Info.HeartbeatTimeout is not { } timeout || timeout <= TimeSpan.Zero)
        {
            return await work();
        }

        // Several beats per timeout; Temporal's core forwards at most one per 0.8 timeout anyway.
        var interval = timeout / 4 < MaxInterval ? timeout / 4 : MaxInterval;
        using var done = new CancellationTokenSource();
        var beating = BeatAsync(context, interval, done.Token);
        try
        {
            return await work();
        }
        finally
        {
            await done.CancelAsync();
            await beating;
        }
    }

    private static async Task BeatAsync(ActivityExecutionContext context, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                context.Heartbeat();
            }
        }
        catch (OperationCanceledException)
        {
            // The work is over.
        }
    }
}
