using System.Text.Json;

namespace Release.DevServerBench;

/// <summary>Everything a benchmark produced: settings, machine, runs, and the summary across runs.</summary>
internal sealed record BenchReport(BenchOptions Options, string Server, MachineInfo Machine, IReadOnlyList<RunResult> Runs, long PeakWorkingSetBytes)
{
    public const double GoalPerSecond = 300;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public double MedianPerSecond => Median(Runs.Select(r => r.PerSecond));
    public double MinPerSecond => Runs.Min(r => r.PerSecond);
    public double MaxPerSecond => Runs.Max(r => r.PerSecond);
    public bool MeetsGoal => MedianPerSecond >= GoalPerSecond;

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public async Task WriteJsonAsync(string path)
    {
        // Latency arrays are summarized: thousands of numbers per run would drown the file.
        var document = new
        {
            options = Options,
            server = Server,
            machine = Machine,
            peakWorkingSetBytes = PeakWorkingSetBytes,
            summary = new { medianPerSecond = MedianPerSecond, minPerSecond = MinPerSecond, maxPerSecond = MaxPerSecond, goalPerSecond = GoalPerSecond, meetsGoal = MeetsGoal },
            runs = Runs.Select(r => new
            {
                workflows = r.Workflows,
                wallSeconds = r.Wall.TotalSeconds,
                perSecond = r.PerSecond,
                processCpuSeconds = r.ProcessCpu.TotalSeconds,
                cpuShare = r.CpuShare,
                startP50Ms = Percentile(r.StartMs, 50),
                startP99Ms = Percentile(r.StartMs, 99),
                totalP50Ms = Percentile(r.TotalMs, 50),
                totalP99Ms = Percentile(r.TotalMs, 99),
                allocatedBytes = r.AllocatedBytes,
                gcPauseMs = r.GcPause.TotalMilliseconds,
                gcCollections = new[] { r.Gen0, r.Gen1, r.Gen2 },
            }),
        };
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
