namespace Release.Activities.CircleCi;

/// <summary>
/// GET /project/{slug}/job/{number}: what a report needs about one job. Nothing is required: the
/// job is known by the number asked for, and every field only adds detail to a report.
/// </summary>
public sealed record CircleCiJobDetails
{
    public long? Number { get; init; }

    public string Name { get; init; } = "";

    public string Status { get; init; } = "";

    /// <summary>The job's page in the CircleCI web app.</summary>
    public string? WebUrl { get; init; }

    /// <summary>Milliseconds; null while the job runs.</summary>
    public long? Duration { get; init; }

    public long? Parallelism { get; init; }

    public IReadOnlyList<CircleCiParallelRun> ParallelRuns { get; init; } = [];

    public CircleCiExecutor? Executor { get; init; }

    public CircleCiJobProject? Project { get; init; }

    public CircleCiNamed? Organization { get; init; }

    public CircleCiIdRef? Pipeline { get; init; }

    public CircleCiJobWorkflow? LatestWorkflow { get; init; }

    public IReadOnlyList<CircleCiNamed> Contexts { get; init; } = [];

    public IReadOnlyList<CircleCiJobMessage> Messages { get; init; } = [];

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }
}

public sealed record CircleCiParallelRun
{
    public long? Index { get; init; }

    public string Status { get; init; } = "";
}

public sealed record CircleCiExecutor
{
    public string? ResourceClass { get; init; }

    public string? Type { get; init; }
}

public sealed record CircleCiJobProject
{
    public string? Id { get; init; }

    public string? Slug { get; init; }

    public string? Name { get; init; }

    public string? ExternalUrl { get; init; }
}

public sealed record CircleCiJobWorkflow
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";
}

public sealed record CircleCiNamed
{
    public string Name { get; init; } = "";
}

public sealed record CircleCiIdRef
{
    public string Id { get; init; } = "";
}

public sealed record CircleCiJobMessage
{
    public string? Type { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }
}
