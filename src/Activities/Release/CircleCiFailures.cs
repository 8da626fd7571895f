using Release.Activities.CircleCi;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Release.Activities.Release;

/// <summary>
/// Turns the client's failure kinds into Temporal's: retryable ones keep CircleCI's Retry-After as
/// the next retry delay; refused requests stop the retries with CircleCI's message; an answer the
/// client cannot read is retried a few times (a proxy's page passes), then stops the retries
/// naming the endpoint and the field, so a component fails with a reason instead of retrying
/// forever. Temporal owns the retry policy; the client never retries by itself.
/// </summary>
internal static class CircleCiFailures
{
    /// <summary>
    /// From this attempt on, an unreadable answer is final. Counted with Temporal's own attempt
    /// number, which every failure kind advances: with the release's 1 s, doubling backoff, five
    /// attempts span some 15 s.
    /// </summary>
    public const int UnreadableAnswerAttempts = 5;

    public static async Task<T> MapAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CircleCiRetryableException e)
        {
            throw new ApplicationFailureException(e.Message, e, errorType: "CircleCiRetryable", nextRetryDelay: e.RetryAfter);
        }
        catch (CircleCiRequestException e)
        {
            throw new ApplicationFailureException(e.Message, e, errorType: "CircleCiRequest", nonRetryable: true);
        }
        catch (CircleCiUnreadableAnswerException e)
        {
            var attempt = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;
            if (attempt < UnreadableAnswerAttempts)
            {
                throw new ApplicationFailureException(e.Message, e, errorType: "CircleCiUnreadableAnswer");
            }

            throw new ApplicationFailureException(
                $"{e.Message} Still so at attempt {attempt}, so the call is not retried.", e, errorType: "CircleCiUnreadableAnswer", nonRetryable: true);
        }
    }

    /// <summary>
    /// Why a job's failed step could not be read, for a read whose failure may cost the report
    /// only that step (never the snapshot, never a retry loop): CircleCI's refusal or error as the
    /// client words it, or a project whose VCS API v1.1 cannot address (the client's
    /// ArgumentException, which would otherwise be retried by Temporal forever). Null for
    /// anything else, which must propagate (a cancellation, a bug).
    /// </summary>
    public static string? StepUnavailable(Exception e, string projectSlug) => e switch
    {
        CircleCiException circleCi => $"the failing step could not be read: {circleCi.Message}",
        ArgumentException { ParamName: "projectSlug" } =>
            $"project {projectSlug} is not on GitHub or Bitbucket, and CircleCI has step output (API v1.1) only for those",
        _ => null,
    };
}
