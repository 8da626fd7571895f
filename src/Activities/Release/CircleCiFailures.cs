using Release.Activities.CircleCi;
using Temporalio.Exceptions;

namespace Release.Activities.Release;

/// <summary>
/// Turns the client's two failure kinds into Temporal's: retryable ones keep CircleCI's
/// Retry-After as the next retry delay, the others stop the retries with CircleCI's message.
/// Temporal owns the retry policy; the client never retries by itself.
/// </summary>
internal static class CircleCiFailures
{
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
    }
}
