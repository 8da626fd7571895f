using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// What to do with the buffered starts given whether a workflow the schedule started is still
/// running: which to start now (allow-all starts, which the schedule does not track, and at most
/// one other), which to keep waiting, which to drop, and whether to cancel or
/// terminate the running one first. Each start's policy is resolved here, not when it was
/// buffered, so that an update of the policy applies to starts already waiting.
/// </summary>
internal sealed record OverlapDecision(
    IReadOnlyList<BufferedStart> AllowAll,
    BufferedStart? NonOverlapping,
    IReadOnlyList<BufferedStart> KeepWaiting,
    long Skipped,
    bool CancelRunning,
    bool TerminateRunning)
{
    public static OverlapDecision Decide(IEnumerable<BufferedStart> buffer, bool isRunning, Func<ScheduleOverlapPolicy, ScheduleOverlapPolicy> resolve)
    {
        var overlapping = new List<BufferedStart>();
        BufferedStart? next = null;
        var waiting = new List<BufferedStart>();
        long skipped = 0;
        bool cancel = false, terminate = false;
        foreach (var start in buffer)
        {
            var policy = resolve(start.OverlapPolicy);
            if (policy == ScheduleOverlapPolicy.AllowAll)
            {
                overlapping.Add(start);
                continue;
            }
            if (!isRunning && next is null)
            {
                next = start;
                continue;
            }
            switch (policy)
            {
                case ScheduleOverlapPolicy.BufferOne when waiting.Count == 0:
                case ScheduleOverlapPolicy.BufferAll:
                    waiting.Add(start);
                    break;
                case ScheduleOverlapPolicy.CancelOther or ScheduleOverlapPolicy.TerminateOther when isRunning:
                    // Waits for the running workflow to close, which this start now asks for.
                    cancel |= policy == ScheduleOverlapPolicy.CancelOther;
                    terminate |= policy == ScheduleOverlapPolicy.TerminateOther;
                    waiting.Add(start);
                    break;
                case ScheduleOverlapPolicy.CancelOther or ScheduleOverlapPolicy.TerminateOther:
                    // Nothing is running yet: this start replaces the one that was about to start.
                    next = start;
                    break;
                default:
                    skipped++;
                    break;
            }
        }
        if (cancel || terminate)
        {
            // Starting overlapping runs now would only see them cancelled or terminated at once.
            overlapping.Clear();
        }
        return new OverlapDecision(overlapping, next, waiting, skipped, cancel && !terminate, terminate);
    }
}
