using Release.DevServer.Visibility;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Engine;

/// <summary>Timers, markers, and the commands that change a run's search attributes and memo.</summary>
internal sealed partial class TemporalEngine
{
    private void StartTimer(ExecutionState run, StartTimerCommandAttributes a, long completedId)
    {
        var started = NewEvent(EventType.TimerStarted);
        started.TimerStartedEventAttributes = new()
        {
            TimerId = a.TimerId,
            StartToFireTimeout = a.StartToFireTimeout,
            WorkflowTaskCompletedEventId = completedId,
        };
        var startedId = run.Append(started).EventId;
        var timer = new TimerInfo(a.TimerId, startedId, Now + a.StartToFireTimeout.ToTimeSpan());
        run.Timers[a.TimerId] = timer;
        At(timer.FireTime, () => FireTimer(run, timer));
    }

    private void FireTimer(ExecutionState run, TimerInfo timer)
    {
        if (!run.IsRunning || !run.Timers.TryGetValue(timer.TimerId, out var current) || current != timer)
        {
            return;
        }
        run.Timers.Remove(timer.TimerId);
        var fired = NewEvent(EventType.TimerFired);
        fired.TimerFiredEventAttributes = new() { TimerId = timer.TimerId, StartedEventId = timer.StartedEventId };
        AddEvent(run, fired);
    }

    private void CancelTimer(ExecutionState run, string timerId, long completedId)
    {
        long startedEventId;
        if (run.Timers.Remove(timerId, out var timer))
        {
            startedEventId = timer.StartedEventId;
        }
        else
        {
            // It fired while this task ran: the worker never saw the firing, so it is undone.
            var fired = CommandValidation.BufferedTimerFired(run, timerId)!;
            run.BufferedEvents.Remove(fired);
            startedEventId = fired.TimerFiredEventAttributes.StartedEventId;
        }
        var canceled = NewEvent(EventType.TimerCanceled);
        canceled.TimerCanceledEventAttributes = new()
        {
            TimerId = timerId,
            StartedEventId = startedEventId,
            WorkflowTaskCompletedEventId = completedId,
        };
        run.Append(canceled);
    }

    private void RecordMarker(ExecutionState run, RecordMarkerCommandAttributes a, long completedId)
    {
        var marker = NewEvent(EventType.MarkerRecorded);
        marker.MarkerRecordedEventAttributes = new()
        {
            MarkerName = a.MarkerName,
            Header = a.Header,
            Failure = a.Failure,
            WorkflowTaskCompletedEventId = completedId,
        };
        marker.MarkerRecordedEventAttributes.Details.Add(a.Details);
        run.Append(marker);
    }

    private void UpsertSearchAttributes(ExecutionState run, UpsertWorkflowSearchAttributesCommandAttributes a, long completedId)
    {
        var upserted = NewEvent(EventType.UpsertWorkflowSearchAttributes);
        upserted.UpsertWorkflowSearchAttributesEventAttributes = new()
        {
            SearchAttributes = a.SearchAttributes,
            WorkflowTaskCompletedEventId = completedId,
        };
        run.Append(upserted);
        run.SearchAttributes ??= new();
        foreach (var (name, value) in a.SearchAttributes?.IndexedFields ?? [])
        {
            // An empty or JSON null payload unsets the attribute, as in the real server (SDKs send null to unset).
            if (value.Data.IsEmpty || value.Data.Span.SequenceEqual("null"u8))
            {
                run.SearchAttributes.IndexedFields.Remove(name);
            }
            else
            {
                run.SearchAttributes.IndexedFields[name] = SearchAttributeCatalog.Resolve(name, _namespaces[run.Namespace].SearchAttributes) is { } type
                    ? SearchAttributeValues.WithType(value, type)
                    : value;
            }
        }
    }

    private void ModifyProperties(ExecutionState run, ModifyWorkflowPropertiesCommandAttributes a, long completedId)
    {
        var modified = NewEvent(EventType.WorkflowPropertiesModified);
        modified.WorkflowPropertiesModifiedEventAttributes = new()
        {
            UpsertedMemo = a.UpsertedMemo,
            WorkflowTaskCompletedEventId = completedId,
        };
        run.Append(modified);
        run.Memo ??= new();
        foreach (var (name, value) in a.UpsertedMemo?.Fields ?? [])
        {
            if (value.Data.IsEmpty)
            {
                run.Memo.Fields.Remove(name);
            }
            else
            {
                run.Memo.Fields[name] = value;
            }
        }
    }
}
