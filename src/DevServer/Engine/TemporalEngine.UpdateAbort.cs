using Temporalio.Api.Failure.V1;
using Temporalio.Api.Update.V1;

namespace Release.DevServer.Engine;

/// <summary>What happens to the updates of a run that closes before they complete.</summary>
internal sealed partial class TemporalEngine
{
    /// <summary>
    /// As the real server: an accepted update completes with the server's
    /// <c>AcceptedUpdateCompletedWorkflow</c> failure, so its caller gets an update failure rather than an
    /// RPC error; one not yet accepted is aborted, and its caller gets "workflow execution already completed".
    /// </summary>
    private static void AbortOpenUpdates(ExecutionState run)
    {
        foreach (var update in run.Updates.Values.Where(u => u.Stage != UpdateStage.Completed))
        {
            if (update.Stage == UpdateStage.Accepted)
            {
                update.Advance(UpdateStage.Completed, new Outcome { Failure = AcceptedUpdateCompletedWorkflowFailure() });
            }
            else
            {
                update.Aborted = true;
                update.Advance(update.Stage);
            }
        }
    }

    private static Failure AcceptedUpdateCompletedWorkflowFailure() => new()
    {
        Message = "Workflow Update failed because the Workflow completed before the Update completed.",
        Source = "Server",
        ApplicationFailureInfo = new() { Type = "AcceptedUpdateCompletedWorkflow", NonRetryable = true },
    };
}
