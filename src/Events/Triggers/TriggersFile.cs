using CloudNative.CloudEvents;

namespace Release.Events.Triggers;

/// <summary>A loaded, validated triggers file (src/Events/README.md, "Triggers").</summary>
/// <param name="Path">The file as it was named, for messages.</param>
public sealed record TriggersFile(string Path, IReadOnlyList<Trigger> Triggers)
{
    /// <summary>The distinct CloudEvent types some trigger listens to: what a consumer binds.</summary>
    public IReadOnlyList<string> Types => Triggers.Select(t => t.Type).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The triggers this event fires, each with its start request or why it cannot make one.</summary>
    public IReadOnlyList<TriggerMatch> Match(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var fields = new EventFields(cloudEvent);
        return Triggers.Where(t => t.Type == cloudEvent.Type && t.Where.All(f => f.Matches(fields)))
            .Select(t => t.Start?.Request(t.Name, fields) ?? new TriggerMatch(t.Name, null, null, t.Record))
            .ToList();
    }
}

/// <summary>
/// One entry of the file: on an event of <see cref="Type"/> whose data passes every filter, start a
/// release (<see cref="Start"/>), or keep the event in a ledger file (<see cref="Record"/>): one of the two.
/// </summary>
/// <param name="Line">Where the entry starts in the file.</param>
/// <param name="Record">Absolute path of the NDJSON ledger the matched events are appended to.</param>
public sealed record Trigger(string Name, int Line, string Type, IReadOnlyList<TriggerFilter> Where, TriggerStart? Start, string? Record = null);

/// <summary>What a trigger fired by one event asks for (a start, or a record), or why it cannot (a substituted field the event lacks).</summary>
public sealed record TriggerMatch(string Trigger, TriggerStartRequest? Start, string? Problem, string? RecordTo = null);

/// <summary>A release to start, every substitution done.</summary>
/// <param name="WorkflowId">Derived from the trigger and the event (<see cref="TriggerWorkflowIds"/>): a redelivered event maps to the same id.</param>
/// <param name="Manifest">Absolute path of the release manifest.</param>
/// <param name="Parameters">Pipeline parameters as text; the starter gives true/false and integers their JSON type, as <c>--param</c> does.</param>
public sealed record TriggerStartRequest(
    string Trigger,
    string WorkflowId,
    string Manifest,
    string? Branch,
    IReadOnlyDictionary<string, string> Parameters,
    bool DryRun,
    string EventId,
    string EventType);
