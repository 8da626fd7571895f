using Temporalio.Exceptions;

namespace Release.Workflows.Release;

/// <summary>
/// A component whose pipeline failed ends its workflow as Failed, so every Temporal UI shows it
/// red; the failure's details carry the <see cref="ComponentResult"/>, so the release reads the
/// same result as from a completed workflow.
/// </summary>
public static class ComponentFailure
{
    public const string ErrorType = "ComponentFailed";

    public static ApplicationFailureException Of(ComponentResult result) =>
        new(result.Reason, errorType: ErrorType, nonRetryable: true, details: [result]);

    /// <summary>The result a failed component workflow carried, if this is its failure.</summary>
    public static ComponentResult? ResultIn(Exception? failure) =>
        failure is ChildWorkflowFailureException { InnerException: ApplicationFailureException { ErrorType: ErrorType, Details.Count: > 0 } cause }
            ? cause.Details.ElementAt<ComponentResult>(0)
            : null;
}
