using System.Runtime.InteropServices;

namespace Release.ReleaseBench;

/// <summary>The machine the figures were measured on, printed beside them.</summary>
internal sealed record Machine(int Cores, double MemoryGiB, string Cpu, string Os, string Runtime)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        MemTotalKib() / 1024.0 / 1024.0,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>The one-minute load average: on a shared machine, what the figures were measured beside.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    public override string ToString() => $"{Cores} cores, {MemoryGiB:F1} GiB, {Cpu}, {Os}, {Runtime}";

    private static long MemTotalKib() => ProcField("/proc/meminfo", "MemTotal") is { } v
        ? long.Parse(v.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    private static string CpuModel() => ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string? ProcField(string file, string name) => File.Exists(file)
        ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
        : null;
}
