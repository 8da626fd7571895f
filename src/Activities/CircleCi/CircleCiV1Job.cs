namespace Release.Activities.CircleCi;

/// <summary>
/// GET /api/v1.1/project/{vcs}/{org}/{repo}/{number}, only the part that names a job's steps:
/// API v2 has no step output. Nothing is required: a job without steps simply has no failed step.
/// </summary>
internal sealed record CircleCiV1Job
{
    public IReadOnlyList<CircleCiV1Step> Steps { get; init; } = [];
}

internal sealed record CircleCiV1Step
{
    public string Name { get; init; } = "";

    /// <summary>One per parallel run of the job.</summary>
    public IReadOnlyList<CircleCiV1Action> Actions { get; init; } = [];
}

internal sealed record CircleCiV1Action
{
    public string Name { get; init; } = "";

    /// <summary>success, failed, timedout, canceled, running, or a newer value.</summary>
    public string Status { get; init; } = "";

    public long? ExitCode { get; init; }

    public bool? Failed { get; init; }

    /// <summary>The parallel run (0 when the job does not run in parallel).</summary>
    public long? Index { get; init; }

    /// <summary>A short-lived signed link to the output, a JSON list of <c>{message, time, type}</c>.</summary>
    public string? OutputUrl { get; init; }

    // A step can fail with exit code 0 (a timeout, a no_output_timeout) or say failed: null with a code.
    public bool IsFailure() => Failed == true || ExitCode is { } code && code != 0;
}
