namespace Release.Activities.CircleCi;

/// <summary>
/// Why a job failed, without opening CircleCI: its first failed step and the end of its output,
/// secrets masked. Bounded (a few dozen short lines), so it fits in a report and a workflow payload.
/// </summary>
public sealed record CircleCiFailedStep
{
    /// <summary>The step as the config names it, e.g. "Run tests".</summary>
    public string StepName { get; init; } = "";

    public long? ExitCode { get; init; }

    /// <summary>The parallel run that failed; 0 when the job does not run in parallel.</summary>
    public long? ParallelIndex { get; init; }

    /// <summary>The step's status as CircleCI wrote it (failed, timedout, ...).</summary>
    public string Status { get; init; } = "";

    /// <summary>The last lines of the step's output, oldest first, secrets replaced by ***.</summary>
    public IReadOnlyList<string> OutputTail { get; init; } = [];

    /// <summary>
    /// The output was longer than the client reads (<see cref="CircleCiClient.MaxStepOutputBytes"/>):
    /// <see cref="OutputTail"/> is the end of its first part; the job's web page has the rest.
    /// </summary>
    public bool OutputCut { get; init; }

    /// <summary>Why there is no output (CircleCI listed none, or its link refused), else null.</summary>
    public string? OutputUnavailable { get; init; }
}
