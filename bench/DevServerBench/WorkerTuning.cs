using Temporalio.Client;
using Temporalio.Worker;

namespace Release.DevServerBench;

/// <summary>
/// Client and worker settings, and why (each measured on the 2-core machine, 3000 workflows, one fresh
/// process per try; figures are in README.md).
/// </summary>
internal static class WorkerTuning
{
    /// <summary>
    /// No gzip: on loopback it saves no time and costs CPU on both sides (the worker's Rust core deflates
    /// every request, the server inflates it), and here client, worker and server share two cores.
    /// </summary>
    public static TemporalClientConnectOptions Connection(string address) =>
        new(address) { Namespace = "default", GrpcCompression = new GrpcCompression.None() };

    public static TemporalWorkerOptions Worker(string taskQueue) =>
        new TemporalWorkerOptions(taskQueue)
        {
            // The dev server keeps no sticky queues, so a poll of the worker's sticky queue never gets a task.
            // The default ratio (0.2) leaves one of five workflow pollers on the normal queue, where all the
            // work is; 1.0 lets up to all five poll it (measured: ~530 -> ~690 workflows/s).
            NonStickyToStickyPollRatio = 1.0f,
            MaxConcurrentWorkflowTaskPolls = 5,
            MaxConcurrentActivityTaskPolls = 5,

            // Keep the cache (the default) although the server sends full histories: with it the worker
            // applies only the new events; with MaxCachedWorkflows = 0 it replays every task (~320/s).
            MaxCachedWorkflows = 10_000,

            // Slots are not the limit on 2 cores: 50, 100 and 200 measured the same; more tasks in flight only
            // queue for CPU. 100 (the default) is ample for 200 concurrent workflows, each with one task at a time.
            MaxConcurrentWorkflowTasks = 100,
            MaxConcurrentActivities = 100,

            // The dev server does not dispatch activities eagerly, so slots reserved for it would be wasted.
            DisableEagerActivityExecution = true,
        }
        .AddWorkflow<OneActivityWorkflow>()
        .AddActivity(BenchActivities.Echo);
}
