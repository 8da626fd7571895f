using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>
/// Where a dependant's start latency goes, edge by edge: from the gating dependency's pipeline
/// ending in the simulator to its webhook's signal reaching the component workflow, from there to
/// that workflow closing (the confirming poll and the verdict), to the release starting the
/// dependant's component workflow, to that workflow's trigger reaching the simulator.
/// Each list holds one value per component that waits for others (its gate is the one of those
/// that ended last), in seconds.
/// </summary>
internal sealed record HopBreakdown(
    IReadOnlyList<double> EndToSignal,
    IReadOnlyList<double> SignalToClose,
    IReadOnlyList<double> CloseToDependantStart,
    IReadOnlyList<double> StartToTrigger)
{
    public static async Task<HopBreakdown> MeasureAsync(
        ITemporalClient client,
        string releaseId,
        IReadOnlyDictionary<string, IReadOnlyList<string>> waitsFor,
        IReadOnlyDictionary<string, DateTimeOffset> triggeredAt,
        IReadOnlyDictionary<string, DateTimeOffset> endOf)
    {
        var components = waitsFor.Keys.Where(triggeredAt.ContainsKey).ToList();
        var times = new Dictionary<string, (DateTimeOffset Started, DateTimeOffset? Signaled, DateTimeOffset Closed)>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            var events = (await client.GetWorkflowHandle($"{releaseId}/{component}").FetchHistoryAsync()).Events.ToList();
            var signaled = events.LastOrDefault(e => e.EventType == EventType.WorkflowExecutionSignaled
                && e.WorkflowExecutionSignaledEventAttributes.SignalName == "pipeline_event")?.EventTime.ToDateTimeOffset();
            times[component] = (events[0].EventTime.ToDateTimeOffset(), signaled, events[^1].EventTime.ToDateTimeOffset());
        }

        List<double> endToSignal = [], signalToClose = [], closeToStart = [], startToTrigger = [];
        foreach (var dependant in components.Where(c => waitsFor[c].Count > 0 && waitsFor[c].All(times.ContainsKey)))
        {
            var gate = waitsFor[dependant].MaxBy(d => endOf[d])!;
            var (_, signaled, closed) = times[gate];
            if (signaled is { } s)
            {
                endToSignal.Add((s - endOf[gate]).TotalSeconds);
                signalToClose.Add((closed - s).TotalSeconds);
            }

            closeToStart.Add((times[dependant].Started - closed).TotalSeconds);
            startToTrigger.Add((triggeredAt[dependant] - times[dependant].Started).TotalSeconds);
        }

        return new HopBreakdown(endToSignal, signalToClose, closeToStart, startToTrigger);
    }

    public string Describe() =>
        $"end->signal {P50(EndToSignal)}, signal->closed {P50(SignalToClose)}, closed->dependant started {P50(CloseToDependantStart)}, started->triggered {P50(StartToTrigger)} (p50, s)";

    private static string P50(IReadOnlyCollection<double> values) => Percentiles.Of(values, 50).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
}
