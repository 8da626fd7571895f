using Release.DevServer.Grpc;
using Temporalio.Api.Activity.V1;
using Temporalio.Api.Common.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Merges UpdateActivityOptions' options into an activity's by field mask, path by path, with the
/// real server's errors when a masked group is missing from the request.
/// </summary>
internal static class ActivityOptionsMerge
{
    public static ActivityOptions Merge(ActivityOptions into, ActivityOptions from, IReadOnlySet<string> paths)
    {
        if (paths.Contains("taskQueue.name"))
        {
            into.TaskQueue = new() { Name = (from.TaskQueue ?? throw RpcErrors.InvalidArgument("TaskQueue is not provided")).Name };
        }
        if (paths.Contains("scheduleToCloseTimeout"))
        {
            into.ScheduleToCloseTimeout = from.ScheduleToCloseTimeout;
        }
        if (paths.Contains("scheduleToStartTimeout"))
        {
            into.ScheduleToStartTimeout = from.ScheduleToStartTimeout;
        }
        if (paths.Contains("startToCloseTimeout"))
        {
            into.StartToCloseTimeout = from.StartToCloseTimeout;
        }
        if (paths.Contains("heartbeatTimeout"))
        {
            into.HeartbeatTimeout = from.HeartbeatTimeout;
        }
        MergePriority(into, from, paths);
        MergeRetryPolicy(into, from, paths);
        if (paths.Contains("startDelay"))
        {
            into.StartDelay = from.StartDelay;
        }
        return into;
    }

    private static void MergePriority(ActivityOptions into, ActivityOptions from, IReadOnlySet<string> paths)
    {
        if (paths.Contains("priority"))
        {
            into.Priority = from.Priority;
        }
        Priority Source() => from.Priority ?? throw RpcErrors.InvalidArgument("Priority is not provided");
        if (paths.Contains("priority.priorityKey"))
        {
            var key = Source().PriorityKey;
            (into.Priority ??= new()).PriorityKey = key;
        }
        if (paths.Contains("priority.fairnessKey"))
        {
            var key = Source().FairnessKey;
            (into.Priority ??= new()).FairnessKey = key;
        }
        if (paths.Contains("priority.fairnessWeight"))
        {
            var weight = Source().FairnessWeight;
            (into.Priority ??= new()).FairnessWeight = weight;
        }
    }

    private static void MergeRetryPolicy(ActivityOptions into, ActivityOptions from, IReadOnlySet<string> paths)
    {
        RetryPolicy Source() => from.RetryPolicy ?? throw RpcErrors.InvalidArgument("RetryPolicy is not provided");
        if (paths.Contains("retryPolicy"))
        {
            into.RetryPolicy = Source();
        }
        if (paths.Contains("retryPolicy.initialInterval"))
        {
            var value = Source().InitialInterval;
            (into.RetryPolicy ??= new()).InitialInterval = value;
        }
        if (paths.Contains("retryPolicy.backoffCoefficient"))
        {
            var value = Source().BackoffCoefficient;
            (into.RetryPolicy ??= new()).BackoffCoefficient = value;
        }
        if (paths.Contains("retryPolicy.maximumInterval"))
        {
            var value = Source().MaximumInterval;
            (into.RetryPolicy ??= new()).MaximumInterval = value;
        }
        if (paths.Contains("retryPolicy.maximumAttempts"))
        {
            var value = Source().MaximumAttempts;
            (into.RetryPolicy ??= new()).MaximumAttempts = value;
        }
    }

    /// <summary>The real server's retry policy rules, checked when a mask touches the policy's fields.</summary>
    public static void ValidateRetryPolicy(RetryPolicy? policy)
    {
        if (policy is null || policy.MaximumAttempts == 1)
        {
            return;
        }
        if (policy.InitialInterval?.ToTimeSpan() < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument("invalid InitialInterval set on retry policy: negative duration");
        }
        if (policy.BackoffCoefficient < 1)
        {
            throw RpcErrors.InvalidArgument("BackoffCoefficient cannot be less than 1 on retry policy.");
        }
        if (policy.MaximumInterval?.ToTimeSpan() < TimeSpan.Zero)
        {
            throw RpcErrors.InvalidArgument("invalid MaximumInterval set on retry policy: negative duration");
        }
        var maximum = policy.MaximumInterval?.ToTimeSpan() ?? TimeSpan.Zero;
        if (maximum > TimeSpan.Zero && maximum < (policy.InitialInterval?.ToTimeSpan() ?? TimeSpan.Zero))
        {
            throw RpcErrors.InvalidArgument("MaximumInterval cannot be less than InitialInterval on retry policy.");
        }
        if (policy.MaximumAttempts < 0)
        {
            throw RpcErrors.InvalidArgument("MaximumAttempts cannot be negative on retry policy.");
        }
    }
}
