using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Releases.Operations;

/// <summary>
/// Tells whether any worker serves a release's task queue, so a release started on a queue nobody
/// polls says so within seconds instead of showing "pending" forever. Temporal knows the queue's
/// pollers (DescribeTaskQueue); a server without that call (the embedded dev server) still shows a
/// task nobody picked up, which says the same.
/// </summary>
public sealed class WorkerPresence(ITemporalClient client)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private bool describeUnsupported;

    /// <summary>
    /// How long a workflow task may wait unpicked before it means nobody polls: a polling worker
    /// takes one within milliseconds, so this only leaves room for a busy machine.
    /// </summary>
    public TimeSpan UnpickedLimit { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>A sentence saying no worker polls, or null when one does (or nothing tells).</summary>
    public async Task<string?> ProblemAsync(DescribeWorkflowExecutionResponse description, CancellationToken cancellationToken)
    {
        var queue = description.ExecutionConfig.TaskQueue.Name;
        var @namespace = client.Options.Namespace;
        var unserved = describeUnsupported
            ? Unpicked(description)
            : await NoPollersAsync(@namespace, queue, cancellationToken) ?? Unpicked(description);
        return unserved
            ? $"no worker is polling task queue {queue} (namespace {@namespace}); the release waits until one does: start the release worker with TEMPORAL_TASK_QUEUE={queue}. Still waiting (Ctrl+C detaches; the release stays queued)"
            : null;
    }

    // Null when the server cannot say.
    private async Task<bool?> NoPollersAsync(string @namespace, string queue, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.WorkflowService.DescribeTaskQueueAsync(
                new DescribeTaskQueueRequest
                {
                    Namespace = @namespace,
                    TaskQueue = new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal },
                    TaskQueueType = TaskQueueType.Workflow,
                },
                new() { Timeout = CallTimeout, CancellationToken = cancellationToken });
            return response.Pollers.Count == 0;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.Unimplemented)
        {
            describeUnsupported = true;
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RpcException or TimeoutException or OperationCanceledException)
        {
            // Temporal went away between two calls: the follower's next look reports the outage.
            return null;
        }
    }

    private bool Unpicked(DescribeWorkflowExecutionResponse description)
    {
        return description.PendingWorkflowTask is { State: PendingWorkflowTaskState.Scheduled, ScheduledTime: { } scheduled }
            && DateTime.UtcNow - scheduled.ToDateTime() > UnpickedLimit;
    }
}
