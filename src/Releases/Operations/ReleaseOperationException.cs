namespace Release.Releases.Operations;

/// <summary>What kind of "no" a release operation answered, so each client can say it its own way (an exit code, an HTTP status).</summary>
public enum ReleaseRefusal
{
    /// <summary>The request itself is wrong: a bad manifest, flag or value.</summary>
    Invalid,

    /// <summary>No release has that id.</summary>
    NotFound,

    /// <summary>The release is not in a state that allows it: already running, already ended, refused by its validator.</summary>
    Conflict,

    /// <summary>Temporal (or a worker) did not answer; the same request may work later.</summary>
    Unavailable,
}

/// <summary>
/// An expected refusal of a release operation: its message is one line a person can act on. The
/// command line prints it and exits with a code; the API answers it as problem details.
/// </summary>
public sealed class ReleaseOperationException : Exception
{
    public ReleaseOperationException(string message, ReleaseRefusal refusal)
        : base(message) => Refusal = refusal;

    public ReleaseOperationException()
        : this("release operation refused", ReleaseRefusal.Invalid)
    {
    }

    public ReleaseOperationException(string message)
        : this(message, ReleaseRefusal.Invalid)
    {
    }

    public ReleaseOperationException(string message, Exception innerException)
        : base(message, innerException) => Refusal = ReleaseRefusal.Invalid;

    public ReleaseRefusal Refusal { get; }

    /// <summary>With <see cref="ReleaseRefusal.Conflict"/> on a start: the workflow id of the release already running.</summary>
    public string? RunningWorkflowId { get; init; }

    public static ReleaseOperationException Invalid(string message) => new(message, ReleaseRefusal.Invalid);

    public static ReleaseOperationException NotFound(string message) => new(message, ReleaseRefusal.NotFound);

    public static ReleaseOperationException Conflict(string message) => new(message, ReleaseRefusal.Conflict);

    public static ReleaseOperationException Unavailable(string message) => new(message, ReleaseRefusal.Unavailable);
}
