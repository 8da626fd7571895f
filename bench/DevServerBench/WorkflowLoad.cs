using System.Diagnostics;
using Temporalio.Client;

namespace Release.DevServerBench;

/// <summary>What one batch of workflows cost: wall time, this process's CPU and GC, and per-workflow latencies.</summary>
internal sealed record RunResult(
    int Workflows,
    TimeSpan Wall,
    TimeSpan ProcessCpu,
    double[] StartMs,
    double[] TotalMs,
    long AllocatedBytes,
    TimeSpan GcPause,
    int Gen0,
    int Gen1,
    int Gen2)
{
    public double PerSecond => Workflows / Wall.TotalSeconds;

    /// <summary>Share of all cores this process kept busy; near 100% means the machine, not waiting, is the limit.</summary>
    public double CpuShare => ProcessCpu / (Wall * Environment.ProcessorCount);
}

/// <summary>Starts workflows with bounded concurrency and waits for every result.</summary>
internal static class WorkflowLoad
{
    public static async Task<RunResult> RunAsync(ITemporalClient client, string taskQueue, string idPrefix, int count, int concurrency)
    {
        var startMs = new double[count];
        var totalMs = new double[count];
        var next = -1;

        // C loops that each take the next index: exactly C workflows are in flight until the tail.
        async Task LoopAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var began = Stopwatch.GetTimestamp();
                var handle = await client.StartWorkflowAsync(
                    (OneActivityWorkflow wf) => wf.RunAsync(i),
                    new WorkflowOptions($"{idPrefix}-{i}", taskQueue));
                startMs[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                var result = await handle.GetResultAsync<int>();
                totalMs[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                if (result != i)
                {
                    throw new InvalidOperationException($"workflow {idPrefix}-{i} returned {result}, expected {i}");
                }
            }
        }

        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var (allocated, pause, cpu) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), ProcessCpu());
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(LoopAsync)));
        wall.Stop();
        Array.Sort(startMs);
        Array.Sort(totalMs);
        return new RunResult(
            count,
            wall.Elapsed,
            ProcessCpu() - cpu,
            startMs,
            totalMs,
            GC.GetTotalAllocatedBytes() - allocated,
            GC.GetTotalPauseDuration() - pause,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2);
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
