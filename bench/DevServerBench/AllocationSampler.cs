using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Release.DevServerBench;

/// <summary>
/// A cheap in-process allocation profile (--alloc-profile): the runtime raises GCAllocationTick about
/// every 100 KB allocated, naming the type that crossed the mark, so the counts per type approximate
/// where the bytes go. No external tool needed (dotnet-trace and dotnet-counters are not installed here).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    public void Reset() => _bytesByType.Clear();

    /// <summary>The types that took the most sampled bytes, biggest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Top(int count) =>
        [.. _bytesByType.OrderByDescending(kv => kv.Value).Take(count).Select(kv => (kv.Key, kv.Value))];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }
        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var bytes = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, bytes, (_, total) => total + bytes);
    }
}
