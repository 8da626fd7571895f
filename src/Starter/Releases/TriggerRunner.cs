using Release.Events.RabbitMq;
using Release.Events.Triggers;
using Release.Releases.Operations;

namespace Release.Starter.Releases;

/// <summary>
/// Handles each message of the triggers queue: matches its event against the triggers file and
/// starts every release it fires, printing one line per outcome. Says when the message may be
/// acked: once every release it fires exists, or when nothing could ever start from it.
/// </summary>
internal sealed class TriggerRunner(TriggersFile file, TriggerReleaseStarter starter, Action<string> print)
{
    /// <summary>For tests: runs after a release started and before the message is acked, e.g. to stop the consumer there.</summary>
    internal Func<TriggerStartRequest, Task>? AfterStart { get; init; }

    public async Task<TriggerDeliveryOutcome> HandleAsync(TriggerDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Event is not { } cloudEvent)
        {
            print($"message {delivery.MessageId}: {delivery.Problem}; dropped");
            return TriggerDeliveryOutcome.Done;
        }

        var what = $"{cloudEvent.Type} {cloudEvent.Id}{(delivery.Redelivered ? " (redelivered)" : "")}";
        var matches = file.Match(cloudEvent);
        if (matches.Count == 0)
        {
            print($"{what}: no trigger matches");
            return TriggerDeliveryOutcome.Done;
        }

        foreach (var match in matches)
        {
            if (match.RecordTo is { } ledger)
            {
                var recorded = await EventLedger.RecordAsync(ledger, cloudEvent, cancellationToken);
                print($"{what}: trigger {match.Trigger}: {(recorded ? "recorded in" : "already recorded in")} {ledger}");
                continue;
            }

            if (match.Start is not { } request)
            {
                print($"{what}: trigger {match.Trigger}: {match.Problem}; nothing started");
                continue;
            }

            TriggerStartOutcome outcome;
            try
            {
                outcome = await starter.StartAsync(request, cancellationToken);
            }
            catch (Exception e) when (TriggerReleaseStarter.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // Releases this event started before are found "already started" on redelivery.
                print($"{what}: trigger {match.Trigger}: cannot start {request.WorkflowId} ({TemporalConnector.OneLine(e.Message)}); requeued");
                return TriggerDeliveryOutcome.Retry;
            }

            print(outcome.Status switch
            {
                TriggerStartStatus.Started => $"{what}: trigger {match.Trigger}: started {outcome.WorkflowId}",
                TriggerStartStatus.AlreadyStarted => $"{what}: trigger {match.Trigger}: already started {outcome.WorkflowId}",
                _ => $"{what}: trigger {match.Trigger}: refused: {TemporalConnector.OneLine(outcome.Reason ?? "")}",
            });
            if (outcome.Status == TriggerStartStatus.Started && AfterStart is { } hook)
            {
                await hook(request);
            }
        }

        return TriggerDeliveryOutcome.Done;
    }
}
