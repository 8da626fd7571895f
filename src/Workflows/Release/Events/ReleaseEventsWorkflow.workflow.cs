using Temporalio.Workflows;

namespace Release.Workflows.Release.Events;

/// <summary>
/// Delivers the events a release could not publish before it ended (the broker was down): the
/// release hands them over to this child, abandoned, and closes; this one retries until the
/// broker takes them, however long that is.
/// </summary>
[Workflow]
public sealed class ReleaseEventsWorkflow
{
    /// <summary>Transitions per delivery workflow, so its input stays far below a real cluster's 2 MB limit.</summary>
    public const int MaxTransitions = 1_000;

    /// <summary>And about this many bytes at most (a real cluster refuses inputs over 2 MB).</summary>
    public const int MaxBytes = 1024 * 1024;

    [WorkflowRun]
    public async Task RunAsync(ReleaseEventBatch batch)
    {
        var delivery = new EventDelivery();
        foreach (var transition in batch.Transitions)
        {
            delivery.Add(transition);
        }

        await delivery.DrainedAsync(within: null);
    }
}
