using System.Collections.Concurrent;

namespace Release.CircleCiSimulator;

/// <summary>
/// Counters tests assert on: calls per route, triggers and reruns per project, faults per kind,
/// and the most pipelines in flight at once.
/// </summary>
internal sealed class SimulatorStats
{
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> triggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> webhooks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> reruns = new(StringComparer.Ordinal);
    private long maxPipelinesInFlight;

    public void CountCall(string route) => calls.AddOrUpdate(route, 1, (_, n) => n + 1);

    public void CountTrigger(string projectSlug) => triggers.AddOrUpdate(projectSlug, 1, (_, n) => n + 1);

    public void CountRerun(string projectSlug) => reruns.AddOrUpdate(projectSlug, 1, (_, n) => n + 1);

    /// <summary>
    /// Called after each trigger and rerun with the pipelines then in flight: the count only grows
    /// at those instants, so the largest value seen there is the most there ever were at once.
    /// </summary>
    public void ObserveInFlight(int pipelines)
    {
        long seen;
        while ((seen = Interlocked.Read(ref maxPipelinesInFlight)) < pipelines
            && Interlocked.CompareExchange(ref maxPipelinesInFlight, pipelines, seen) != seen)
        {
        }
    }

    public void CountFault(string kind) => faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Outbound webhook deliveries by outcome: <c>delivered</c>, <c>rejected</c> (non-2xx), <c>unreachable</c>.</summary>
    public void CountWebhook(string outcome) => webhooks.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public SimulatorStatsSnapshot Snapshot() => new(Sorted(calls), Sorted(triggers), Sorted(faults), Sorted(webhooks))
    {
        Reruns = Sorted(reruns),
        MaxPipelinesInFlight = Interlocked.Read(ref maxPipelinesInFlight),
    };

    public void Reset()
    {
        calls.Clear();
        triggers.Clear();
        faults.Clear();
        webhooks.Clear();
        reruns.Clear();
        Interlocked.Exchange(ref maxPipelinesInFlight, 0);
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
    /// <summary>Workflow reruns per project.</summary>
    public IReadOnlyDictionary<string, long> Reruns { get; init; } = new Dictionary<string, long>();

    /// <summary>The most pipelines in flight (pending, or with a workflow not ended) at one instant.</summary>
    public long MaxPipelinesInFlight { get; init; }

    public long TotalCalls => Calls.Values.Sum();

    public long CallsTo(string route) => Calls.GetValueOrDefault(route);

    public long TriggersOf(string projectSlug) => Triggers.GetValueOrDefault(projectSlug);

    public long RerunsOf(string projectSlug) => Reruns.GetValueOrDefault(projectSlug);

    public long FaultsOf(string kind) => Faults.GetValueOrDefault(kind);
}
