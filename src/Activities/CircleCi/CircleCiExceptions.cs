using System.Net;

namespace Release.Activities.CircleCi;

/// <summary>
/// Every failure <see cref="CircleCiClient"/> reports. The subtype is the retry decision: the
/// activity layer maps <see cref="CircleCiRetryableException"/> to a Temporal retry (with
/// next_retry_delay from <see cref="CircleCiRetryableException.RetryAfter"/>) and
/// <see cref="CircleCiRequestException"/> to a non-retryable failure.
/// Messages never contain the API token.
/// </summary>
public abstract class CircleCiException : Exception
{
    protected CircleCiException(string message, HttpStatusCode? statusCode, string? serverMessage, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status CircleCI answered, or null when no answer arrived (timeout, network).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>CircleCI's own explanation: the "message" of a JSON error body, or a plain-text body.</summary>
    public string? ServerMessage { get; }
}

/// <summary>A failure that may pass if the same call is made again later: 429, 5xx, timeouts, network errors.</summary>
public sealed class CircleCiRetryableException : CircleCiException
{
    public CircleCiRetryableException(string message, HttpStatusCode? statusCode, string? serverMessage, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long CircleCI asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>CircleCI refused the request itself (4xx other than 429): repeating it cannot help.</summary>
public sealed class CircleCiRequestException : CircleCiException
{
    public CircleCiRequestException(string message, HttpStatusCode statusCode, string? serverMessage)
        : base(message, statusCode, serverMessage, null)
    {
    }
}
