namespace Release.DevServerBench;

/// <summary>Prints a report as a fixed-width table that reads well in a terminal and in a CI log.</summary>
internal static class ConsoleTable
{
    private const double MiB = 1024 * 1024;

    public static void PrintHeader(BenchOptions options, string server, MachineInfo machine, TextWriter output)
    {
        output.WriteLine($"DevServerBench: {options.Workflows} workflows x {options.Runs} runs, one activity each, " +
            $"concurrency {options.Concurrency}, warm-up {options.Warmup}");
        output.WriteLine($"server:  {server}");
        output.WriteLine($"machine: {machine.Cores} cores, {machine.TotalMemoryBytes / (1024 * MiB):F1} GiB RAM, {machine.Os}");
        output.WriteLine($"runtime: {machine.Runtime}, {machine.Gc} GC");
        output.WriteLine();
        output.WriteLine($"{"run",3}  {"wall s",7}  {"wf/s",7}  {"start p50/p99 ms",16}  {"result p50/p99 ms",17}  {"cpu s",6}  {"cpu %",5}  {"alloc MiB",9}  {"gc ms",6}  {"gc 0/1/2",10}");
    }

    public static void PrintRun(int number, RunResult r, TextWriter output) =>
        output.WriteLine(
            $"{number,3}  {r.Wall.TotalSeconds,7:F2}  {r.PerSecond,7:F1}  " +
            $"{$"{BenchReport.Percentile(r.StartMs, 50):F1}/{BenchReport.Percentile(r.StartMs, 99):F1}",16}  " +
            $"{$"{BenchReport.Percentile(r.TotalMs, 50):F1}/{BenchReport.Percentile(r.TotalMs, 99):F1}",17}  " +
            $"{r.ProcessCpu.TotalSeconds,6:F2}  {r.CpuShare * 100,5:F0}  {r.AllocatedBytes / MiB,9:F0}  " +
            $"{r.GcPause.TotalMilliseconds,6:F0}  {$"{r.Gen0}/{r.Gen1}/{r.Gen2}",10}");

    public static void PrintAllocations(IReadOnlyList<(string Type, long Bytes)> top, TextWriter output)
    {
        foreach (var (type, bytes) in top)
        {
            output.WriteLine($"       {bytes / MiB,8:F0} MiB  {type}");
        }
    }

    public static void PrintSummary(BenchReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"workflows/s: median {report.MedianPerSecond:F1}, min {report.MinPerSecond:F1}, max {report.MaxPerSecond:F1}  " +
            $"(goal >= {BenchReport.GoalPerSecond:F0}: {(report.MeetsGoal ? "met" : "NOT met")})");
        output.WriteLine($"peak working set: {report.PeakWorkingSetBytes / MiB:F0} MiB");
        output.WriteLine("cpu = this process (client + worker, and the server when embedded); cpu % is of all cores.");
    }
}
