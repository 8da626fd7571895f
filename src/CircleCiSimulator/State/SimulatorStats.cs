using System.Collections.Concurrent;

namespace Release.CircleCiSimulator;

/// <summary>Counters tests assert on: calls per route, triggers per project, faults per kind.</summary>
internal sealed class SimulatorStats
{
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> triggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> webhooks = new(StringComparer.Ordinal);

    public void CountCall(string route) => calls.AddOrUpdate(route, 1, (_, n) => n + 1);

    public void CountTrigger(string projectSlug) => triggers.AddOrUpdate(projectSlug, 1, (_, n) => n + 1);

    public void CountFault(string kind) => faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Outbound webhook deliveries by outcome: <c>delivered</c>, <c>rejected</c> (non-2xx), <c>unreachable</c>.</summary>
    public void CountWebhook(string outcome) => webhooks.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public SimulatorStatsSnapshot Snapshot() => new(Sorted(calls), Sorted(triggers), Sorted(faults), Sorted(webhooks));

    public void Reset()
    {
        calls.Clear();
        triggers.Clear();
        faults.Clear();
        webhooks.Clear();
    }

    private static SortedDictionary<string, long> Sorted(ConcurrentDictionary<string, long> counters) =>
        new(counters.ToDictionary(), StringComparer.Ordinal);
}

/// <summary>
/// The counters at one instant. Call keys are "METHOD /route/template", e.g.
/// "GET /api/v2/pipeline/{id}"; fault keys are rate_limited, server_error, slow, lost_trigger.
/// </summary>
public sealed record SimulatorStatsSnapshot(
    IReadOnlyDictionary<string, long> Calls,
    IReadOnlyDictionary<string, long> Triggers,
    IReadOnlyDictionary<string, long> Faults,
    IReadOnlyDictionary<string, long> Webhooks)
{
    public long TotalCalls => Calls.Values.Sum();

    public long CallsTo(string route) => Calls.GetValueOrDefault(route);

    public long TriggersOf(string projectSlug) => Triggers.GetValueOrDefault(projectSlug);

    public long FaultsOf(string kind) => Faults.GetValueOrDefault(kind);
}
