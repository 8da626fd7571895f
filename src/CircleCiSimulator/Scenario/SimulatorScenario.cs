namespace Release.CircleCiSimulator;

/// <summary>
/// The script the simulator plays: what a project's pipelines do once triggered, and which faults
/// to inject. Read from JSON (camelCase); README.md documents the format.
/// </summary>
public sealed record SimulatorScenario
{
    /// <summary>The Circle-Token every API call must carry; null accepts any call.</summary>
    public string? Token { get; init; }

    /// <summary>Seeds every random draw (durations, faults), so a run repeats.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Login shown as the actor of triggered pipelines.</summary>
    public string ActorLogin { get; init; } = "release-bot";

    /// <summary>Faults for calls whose project has none of its own.</summary>
    public FaultSpec Faults { get; init; } = new();

    /// <summary>Keyed by project slug (gh/org/repo); "*" serves every other slug.</summary>
    public IReadOnlyDictionary<string, ProjectSpec> Projects { get; init; } = new Dictionary<string, ProjectSpec>();

    /// <summary>The spec for a slug: exact match, then case-insensitive, then "*"; null when none.</summary>
    public ProjectSpec? FindProject(string slug)
    {
        if (Projects.TryGetValue(slug, out var exact))
        {
            return exact;
        }

        var loose = Projects.FirstOrDefault(p => string.Equals(p.Key, slug, StringComparison.OrdinalIgnoreCase));
        return loose.Value ?? Projects.GetValueOrDefault("*");
    }

    /// <summary>The faults that apply to calls about a project (or to calls about nothing known).</summary>
    public FaultSpec FaultsFor(string? slug) => (slug is null ? null : FindProject(slug)?.Faults) ?? Faults;
}

/// <summary>What every pipeline of one project does.</summary>
public sealed record ProjectSpec
{
    /// <summary>Seconds from the trigger until the pipeline is set up and its workflows appear.</summary>
    public double SetupDelaySeconds { get; init; } = 1;

    /// <summary>"created" (workflows run) or "errored" (config error: no workflows).</summary>
    public string Outcome { get; init; } = "created";

    /// <summary>The pipeline error shown when <see cref="Outcome"/> is errored.</summary>
    public string ErrorMessage { get; init; } = "Config does not conform to schema.";

    /// <summary>Workflows run side by side; an empty list is a pipeline whose workflows were all filtered out.</summary>
    public IReadOnlyList<WorkflowSpec> Workflows { get; init; } = [];

    /// <summary>Replaces the scenario-wide faults for calls about this project.</summary>
    public FaultSpec? Faults { get; init; }

    /// <summary>
    /// The project's first N attempts (triggers and reruns) fail, later ones succeed, so a test can
    /// make "fails once, succeeds on retry". 0 plays the workflows exactly as written, every time.
    /// </summary>
    public int FailFirst { get; init; }

    /// <summary>Past pipelines served from the start; null: none.</summary>
    public HistorySpec? History { get; init; }

    /// <summary>False answers the insights endpoints 403, as for a plan without insights.</summary>
    public bool Insights { get; init; } = true;
}

public sealed record WorkflowSpec
{
    public string Name { get; init; } = "";

    /// <summary>
    /// Pins the workflow status from the start instead of deriving it from jobs (error,
    /// unauthorized, not_run... or any unknown value to test lenient parsing); jobs show not_run.
    /// </summary>
    public string? FixedStatus { get; init; }

    public IReadOnlyList<JobSpec> Jobs { get; init; } = [];
}

public sealed record JobSpec
{
    public string Name { get; init; } = "";

    /// <summary>"build" or "approval" (on_hold until approved through the API, then success).</summary>
    public string Type { get; init; } = "build";

    /// <summary>Scenario seconds the job runs (fractions allowed).</summary>
    public double DurationSeconds { get; init; } = 1;

    /// <summary>[min, max]: draw the duration uniformly, seeded; overrides <see cref="DurationSeconds"/>.</summary>
    public IReadOnlyList<double>? DurationRange { get; init; }

    /// <summary>Seconds the job shows "queued" before it runs.</summary>
    public double QueueSeconds { get; init; }

    /// <summary>Final status of a build job: success, failed, canceled, unauthorized, not_run, infrastructure_fail, timedout, terminated-unknown.</summary>
    public string Status { get; init; } = "success";

    /// <summary>Names of earlier jobs this one waits for; absent means the previous job (a sequence), [] means none.</summary>
    public IReadOnlyList<string>? Requires { get; init; }

    public string ResourceClass { get; init; } = "medium";

    public string Executor { get; init; } = "docker";

    public int Parallelism { get; init; } = 1;
}

/// <summary>Injected faults; each rate is a probability per API call, drawn from the seeded generator.</summary>
public sealed record FaultSpec
{
    /// <summary>Answer 429 with Retry-After.</summary>
    public double RateLimitRate { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Answer the 429 with the plain-text body "Rate limited." instead of JSON, as CircleCI sometimes does.</summary>
    public bool RateLimitPlainText { get; init; }

    /// <summary>Answer 500.</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Delay the answer by <see cref="SlowDelayMs"/>.</summary>
    public double SlowRate { get; init; }

    public int SlowDelayMs { get; init; } = 500;

    /// <summary>Create the triggered pipeline but answer 500, as when a response is lost on the way.</summary>
    public double LostTriggerRate { get; init; }
}
