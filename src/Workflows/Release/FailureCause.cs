using Temporalio.Exceptions;

namespace Release.Workflows.Release;

/// <summary>
/// The message a failure is reported with. Temporal wraps an activity's or a child's failure in
/// exceptions whose own messages ("Activity task failed", "Child Workflow execution failed") say
/// nothing; the cause is the message the activity or child failed with, e.g. CircleCI's
/// <c>401 Unauthorized: You must log in first.</c> with its endpoint.
/// </summary>
public static class FailureCause
{
    public static string Of(Exception failure)
    {
        // The first exception past the wrappers, not the innermost: an activity's
        // ApplicationFailureException already explains the .NET exception it carries as its cause
        // (whose own message, e.g. a JSON reader's, names neither the endpoint nor the field).
        var e = failure;
        while (e is ActivityFailureException or ChildWorkflowFailureException && e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
