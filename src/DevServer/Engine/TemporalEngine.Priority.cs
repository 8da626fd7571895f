using Release.DevServer.Grpc;
using Temporalio.Api.Common.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Priority and fairness: a workflow's priority (from its start) is the default for its tasks,
/// an activity's or child's own priority overrides it field by field, and within one task queue
/// tasks with a lower priority key are dispatched first (unset means the middle key, 3).
/// Fairness keys and weights are kept and shown but do not change the order here.
/// </summary>
internal sealed partial class TemporalEngine
{
    /// <summary>The real server's default priority key for tasks that set none.</summary>
    internal const int DefaultPriorityKey = 3;

    private const int FairnessKeyMaxLength = 64;

    /// <summary>The real frontend's checks on a Priority message.</summary>
    private static void CheckPriority(Priority? priority)
    {
        if (priority is null)
        {
            return;
        }
        if (priority.PriorityKey < 0)
        {
            throw RpcErrors.InvalidArgument("priority key can't be negative");
        }
        if (priority.FairnessKey.Length > FairnessKeyMaxLength)
        {
            throw RpcErrors.InvalidArgument("fairness key length exceeds limit");
        }
        if (priority.FairnessWeight < 0)
        {
            throw RpcErrors.InvalidArgument("must be greater than zero");
        }
    }

    /// <summary>Field-by-field override: a field left at zero in <paramref name="over"/> keeps the base's.</summary>
    internal static Priority? MergePriority(Priority? baseline, Priority? over)
    {
        if (baseline is null)
        {
            return over;
        }
        if (over is null)
        {
            return baseline;
        }
        return new Priority
        {
            PriorityKey = over.PriorityKey != 0 ? over.PriorityKey : baseline.PriorityKey,
            FairnessKey = over.FairnessKey.Length > 0 ? over.FairnessKey : baseline.FairnessKey,
            FairnessWeight = over.FairnessWeight != 0 ? over.FairnessWeight : baseline.FairnessWeight,
        };
    }

    /// <summary>The workflow's priority, as its start gave it.</summary>
    private static Priority? WorkflowPriority(ExecutionState run) =>
        run.History.Count > 0 ? run.History[0].WorkflowExecutionStartedEventAttributes?.Priority : null;

    private static Priority? EffectivePriority(ExecutionState run, ActivityInfo activity) =>
        MergePriority(WorkflowPriority(run), activity.Priority);

    internal static int EffectivePriorityKey(Priority? priority) =>
        priority is { PriorityKey: > 0 } p ? p.PriorityKey : DefaultPriorityKey;
}
