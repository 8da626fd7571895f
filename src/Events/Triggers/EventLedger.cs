using CloudNative.CloudEvents;

namespace Release.Events.Triggers;

/// <summary>
/// What a <c>record:</c> trigger keeps: the events it matched, one CloudEvent a line (the NDJSON
/// event file's format), each id once, so a redelivered event is not recorded twice.
/// </summary>
public static class EventLedger
{
    /// <returns>False when an event of this id was already recorded.</returns>
    public static async Task<bool> RecordAsync(string path, CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        // The ledger is read whole: it holds what one orchestrator chose to record (confidence
        // levels of its downstream releases), not a firehose.
        if (File.Exists(path) && (await NdjsonEventSink.ReadAllAsync(path, cancellationToken)).Any(e => e.Id == cloudEvent.Id))
        {
            return false;
        }

        await new NdjsonEventSink(path).AppendAsync(cloudEvent, cancellationToken);
        return true;
    }
}
