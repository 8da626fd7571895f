using System.Net;

namespace Release.Activities.CircleCi;

/// <summary>
/// Every failure <see cref="CircleCiClient"/> reports. The subtype is the retry decision: the
/// activity layer maps <see cref="CircleCiRetryableException"/> to a Temporal retry (with
/// next_retry_delay from <see cref="CircleCiRetryableException.RetryAfter"/>),
/// <see cref="CircleCiRequestException"/> to a non-retryable failure, and
/// <see cref="CircleCiUnreadableAnswerException"/> to a retry for a few attempts, then a
/// non-retryable failure. Messages never contain the API token nor .NET type names.
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

/// <summary>
/// CircleCI answered 2xx with a body the client cannot use: not JSON, not an object, or a field the
/// client needs (an id, say) missing or of the wrong kind. A proxy's page can cause this once, so
/// a few attempts are worth it; an answer that stays unreadable will not change by itself.
/// </summary>
public sealed class CircleCiUnreadableAnswerException : CircleCiException
{
    public CircleCiUnreadableAnswerException(string message, string endpoint, string? field, Exception? innerException = null)
        : base(message, null, null, innerException)
    {
        Endpoint = endpoint;
        Field = field;
    }

    /// <summary>The method and path, e.g. <c>GET /pipeline/{id}</c> with the id filled in; never the token.</summary>
    public string Endpoint { get; }

    /// <summary>The field that could not be read, e.g. <c>items[2].id</c>; null when the whole body could not.</summary>
    public string? Field { get; }
}
