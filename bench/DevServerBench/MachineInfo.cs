using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Release.DevServerBench;

/// <summary>The machine and runtime a result came from, so figures from different hosts are not compared blindly.</summary>
internal sealed record MachineInfo(int Cores, long TotalMemoryBytes, string Os, string Runtime, string Gc)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        TotalMemoryFromProcMeminfo(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : " concurrent"));

    /// <summary>Peak resident memory of this process (VmHWM on Linux).</summary>
    public static long PeakWorkingSetBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>MemTotal from /proc/meminfo; 0 where there is no such file (not Linux).</summary>
    private static long TotalMemoryFromProcMeminfo()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path))
        {
            return 0;
        }
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kib, out var value) ? value * 1024 : 0;
    }
}
