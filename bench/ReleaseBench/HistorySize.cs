using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>
/// How big one run's history is, against a real cluster's limits: 51,200 events and 50 MB per
/// history, 2 MB per payload. An event's encoded size bounds the payloads it carries.
/// </summary>
internal sealed record HistorySize(int Events, long Bytes, long LargestEventBytes, string LargestEventType)
{
    public static HistorySize None { get; } = new(0, 0, 0, "");

    // Counts the latest run only: continue-as-new is what keeps each run's history bounded.
    public static async Task<HistorySize> OfAsync(WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        var largest = history.Events.MaxBy(e => e.CalculateSize());
        return new HistorySize(
            history.Events.Count,
            history.Events.Sum(e => (long)e.CalculateSize()),
            largest?.CalculateSize() ?? 0,
            largest?.EventType.ToString() ?? "");
    }

    /// <summary>The larger of the two on each measure (events, bytes, largest event), for a maximum over many runs.</summary>
    public static HistorySize Larger(HistorySize a, HistorySize b) => new(
        Math.Max(a.Events, b.Events),
        Math.Max(a.Bytes, b.Bytes),
        Math.Max(a.LargestEventBytes, b.LargestEventBytes),
        a.LargestEventBytes >= b.LargestEventBytes ? a.LargestEventType : b.LargestEventType);
}
