using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Grpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// Workflow updates (design rule 10): admitted in memory, delivered as protocol messages on a
/// workflow task (a speculative one when nothing else is due), and written to history only once
/// accepted, so a rejected update leaves no event.
/// </summary>
internal sealed partial class TemporalEngine
{
    public async Task<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(
        UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        RequireUpdateRequest(request.Request);
        var updateId = request.Request.Meta.UpdateId;
        var (run, update) = Step(() =>
        {
            var run = RequireRun(request.Namespace, request.WorkflowExecution);
            if (run.Updates.TryGetValue(updateId, out var existing))
            {
                return (run, existing);
            }
            if (!run.IsRunning)
            {
                throw RpcErrors.WorkflowCompleted();
            }
            return (run, AdmitUpdate(run, request.Request, scheduleTask: true));
        });
        return await UpdateResponseAsync(run, update, request.WaitPolicy, cancellationToken);
    }

    private static void RequireUpdateRequest(Request? request)
    {
        if (string.IsNullOrEmpty(request?.Meta?.UpdateId) || string.IsNullOrEmpty(request.Input?.Name))
        {
            throw RpcErrors.InvalidArgument("Update id and name must be set on request.");
        }
    }

    /// <summary>
    /// Admits an update to a running run. A task is scheduled for it (a speculative one when nothing
    /// else is due) unless the caller is about to schedule the run's first task, which then carries it.
    /// </summary>
    private UpdateInfo AdmitUpdate(ExecutionState run, Request request, bool scheduleTask)
    {
        var update = new UpdateInfo { UpdateId = request.Meta.UpdateId, Request = request };
        run.Updates[update.UpdateId] = update;
        if (scheduleTask && run.WorkflowTask is null)
        {
            ScheduleWorkflowTask(run, WorkflowTaskKind.Speculative);
        }
        return update;
    }

    private async Task<UpdateWorkflowExecutionResponse> UpdateResponseAsync(
        ExecutionState run, UpdateInfo update, WaitPolicy? waitPolicy, CancellationToken cancellationToken)
    {
        var waitFor = waitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed;
        var stage = await WaitForUpdateStageAsync(update, waitFor, cancellationToken);
        return new UpdateWorkflowExecutionResponse
        {
            UpdateRef = new() { WorkflowExecution = run.Execution, UpdateId = update.UpdateId },
            Outcome = stage == UpdateWorkflowExecutionLifecycleStage.Completed ? update.Outcome : null,
            Stage = stage,
        };
    }

    public async Task<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(
        PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken)
    {
        var update = Step(() =>
        {
            var run = RequireRun(request.Namespace, request.UpdateRef?.WorkflowExecution);
            return run.Updates.GetValueOrDefault(request.UpdateRef!.UpdateId)
                ?? throw RpcErrors.NotFound($"update {request.UpdateRef.UpdateId} not found");
        });
        var waitFor = request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Completed;
        var stage = await WaitForUpdateStageAsync(update, waitFor, cancellationToken);
        return new PollWorkflowExecutionUpdateResponse
        {
            UpdateRef = request.UpdateRef,
            Outcome = stage == UpdateWorkflowExecutionLifecycleStage.Completed ? update.Outcome : null,
            Stage = stage,
        };
    }

    /// <summary>Waits until the update reaches a stage, or the long-poll timeout (the SDK then polls again).</summary>
    private async Task<UpdateWorkflowExecutionLifecycleStage> WaitForUpdateStageAsync(
        UpdateInfo update, UpdateWorkflowExecutionLifecycleStage waitFor, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.LongPollTimeout);
        while (true)
        {
            Task changed;
            UpdateWorkflowExecutionLifecycleStage reached;
            lock (_gate)
            {
                if (update.Aborted)
                {
                    throw RpcErrors.WorkflowCompleted();
                }
                reached = update.Stage switch
                {
                    UpdateStage.Completed => UpdateWorkflowExecutionLifecycleStage.Completed,
                    UpdateStage.Accepted => UpdateWorkflowExecutionLifecycleStage.Accepted,
                    _ => UpdateWorkflowExecutionLifecycleStage.Admitted,
                };
                changed = update.Changed.Task;
            }
            if (reached >= waitFor)
            {
                return reached;
            }
            await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, timeout.Token));
            if (timeout.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return reached;
            }
        }
    }

    private static void AttachUpdates(ExecutionState run, WorkflowTaskInfo task, PollWorkflowTaskQueueResponse response)
    {
        foreach (var update in run.Updates.Values.Where(u => u.Stage == UpdateStage.Admitted))
        {
            update.Advance(UpdateStage.Sent);
            task.SentUpdateIds.Add(update.UpdateId);
            response.Messages.Add(new Message
            {
                Id = update.UpdateId + "/request",
                ProtocolInstanceId = update.UpdateId,
                EventId = task.StartedEventId - 1,
                Body = Any.Pack(update.Request),
            });
        }
    }

    private void ApplyUpdateMessage(ExecutionState run, Message message, long completedId)
    {
        if (!run.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
        {
            return;
        }
        if (message.Body.Is(Acceptance.Descriptor) && run.IsRunning)
        {
            var acceptance = message.Body.Unpack<Acceptance>();
            var accepted = NewEvent(EventType.WorkflowExecutionUpdateAccepted);
            accepted.WorkflowExecutionUpdateAcceptedEventAttributes = new()
            {
                ProtocolInstanceId = update.UpdateId,
                AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId,
                AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
                AcceptedRequest = acceptance.AcceptedRequest ?? update.Request,
            };
            update.AcceptedEventId = run.Append(accepted).EventId;
            update.Advance(UpdateStage.Accepted);
        }
        else if (message.Body.Is(Response.Descriptor) && run.IsRunning)
        {
            var response = message.Body.Unpack<Response>();
            var completed = NewEvent(EventType.WorkflowExecutionUpdateCompleted);
            completed.WorkflowExecutionUpdateCompletedEventAttributes = new()
            {
                Meta = response.Meta,
                AcceptedEventId = update.AcceptedEventId,
                Outcome = response.Outcome,
            };
            run.Append(completed);
            update.Advance(UpdateStage.Completed, response.Outcome);
        }
        else if (message.Body.Is(Rejection.Descriptor))
        {
            var rejection = message.Body.Unpack<Rejection>();
            // A rejected update is forgotten, so the same id may be tried again.
            run.Updates.Remove(update.UpdateId);
            update.Advance(UpdateStage.Completed, new Outcome { Failure = rejection.Failure });
        }
    }
}
