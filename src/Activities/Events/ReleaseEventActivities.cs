using CloudNative.CloudEvents;
using Microsoft.Extensions.Logging;
using Release.Events;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Release.Activities.Events;

/// <summary>
/// Publishes a release's transitions as CloudEvents in both vocabularies (CDEvents and seed 004),
/// to the broker or the file. A failure to publish is thrown, and the workflow retries the batch
/// without end; the event ids are fixed by the transitions, so a batch published twice carries
/// the same ids twice.
/// </summary>
public sealed class ReleaseEventActivities(IEventSink sink, ReleaseEventOptions options, ILogger<ReleaseEventActivities> logger)
{
    private readonly CdEventsMapper cdEvents = new(options.Source);
    private readonly Seed004Mapper seed004 = new(options.Source);

    /// <returns>How many events were published.</returns>
    [Activity(ActivityNames.PublishReleaseEvents)]
    public async Task<int> PublishReleaseEventsAsync(ReleaseEventBatch batch)
    {
        if (batch.Transitions.Count == 0)
        {
            return 0;
        }

        var events = Map(batch.Transitions);
        var context = ActivityExecutionContext.Current;
        try
        {
            await sink.PublishAsync(batch.Transitions[0].Release.Product, events, context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Said once per attempt: the workflow retries, and the release goes on meanwhile.
            logger.LogWarning(
                "Could not publish {Count} events of release {WorkflowId} to {Sink} (attempt {Attempt}); retrying: {Reason}",
                events.Count, batch.Transitions[0].Release.WorkflowId, sink.Describe(), context.Info.Attempt, e.Message);
            throw;
        }

        return events.Count;
    }

    /// <summary>The events of <paramref name="transitions"/>, in order, each transition's CDEvents then its seed-004 events.</summary>
    private List<CloudEvent> Map(IEnumerable<ReleaseTransition> transitions)
    {
        try
        {
            return transitions
                .Select(WithPage)
                .SelectMany(t => cdEvents.Map(t).Concat(seed004.Map(t)))
                .ToList();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The same transitions would fail the same way on every retry.
            throw new ApplicationFailureException($"cannot build the release events: {e.Message}", errorType: "InvalidEvent", nonRetryable: true);
        }
    }

    private ReleaseTransition WithPage(ReleaseTransition transition) => transition.Release.Url.Length > 0
        ? transition
        : transition with { Release = transition.Release with { Url = options.ReleasePage(transition.Release.WorkflowId, transition.Release.RunId) } };
}
