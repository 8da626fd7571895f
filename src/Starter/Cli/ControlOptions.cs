using System.CommandLine;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;

namespace Release.Starter.Cli;

/// <summary>
/// The options of <c>release start</c> that say how a release runs: its schedule, its parallelism
/// cap, what a failure does, and where it waits for an approval. Checked against the plan before
/// connecting, so a wrong stage number never reaches Temporal.
/// </summary>
internal sealed class ControlOptions
{
    public Option<string?> Schedule { get; } = Values.Choice(
        "--schedule",
        "stages: each stage waits for the one before it; graph: a component starts once its dependsOn succeeded (default: graph when any component declares dependsOn, else stages).",
        "stages",
        "graph");

    public Option<int?> MaxParallel { get; } = Values.AtLeast("--max-parallel", "The most pipelines in flight at once, in either schedule (default: no cap).", 1);

    public Option<string?> OnFailure { get; } = Values.Choice(
        "--on-failure",
        "stop: a failure ends the release (default); ask: the failed component waits for `release decide` (retry, skip or abort).",
        "stop",
        "ask");

    public Option<double?> DecisionTimeout { get; } = Values.Seconds(
        "--decision-timeout",
        "With --on-failure ask: how long a failure waits for a decision before the release aborts: seconds or 30m, 4h (default 24h).");

    public Option<int[]> ApproveBeforeStages { get; } = Values.Positives(
        "--approve-before-stage",
        "Hold the release before this plan stage until `release approve` (repeatable; --plan-only shows the stage numbers).",
        "stage");

    public IEnumerable<Option> All => [Schedule, MaxParallel, OnFailure, DecisionTimeout, ApproveBeforeStages];

    /// <summary>The schedule a plan gets when none is asked for: by the graph as soon as the manifest draws one.</summary>
    public static ReleaseSchedule DefaultFor(ExecutionPlan plan) =>
        plan.Stages.Any(s => s.Components.Any(c => c.Dependencies.Count > 0)) ? ReleaseSchedule.Graph : ReleaseSchedule.Stages;

    /// <summary><paramref name="settings"/> with the control options set; a value the plan cannot take is a usage error.</summary>
    /// <param name="warn">Told about a choice that works but is likely not meant.</param>
    public ReleaseSettings Apply(ParseResult parsed, ExecutionPlan plan, ReleaseSettings settings, Action<string> warn)
    {
        var schedule = parsed.GetValue(Schedule) switch
        {
            "graph" => ReleaseSchedule.Graph,
            "stages" => ReleaseSchedule.Stages,
            _ => DefaultFor(plan),
        };
        if (schedule == ReleaseSchedule.Graph && DefaultFor(plan) == ReleaseSchedule.Stages && plan.Stages.Count > 1)
        {
            warn("--schedule graph: no component declares dependsOn, so every component starts at once, whatever its stage");
        }

        var onFailure = parsed.GetValue(OnFailure) == "ask" ? FailurePolicy.Ask : FailurePolicy.Stop;
        TimeSpan? timeout = null;
        if (parsed.GetValue(DecisionTimeout) is { } seconds)
        {
            if (seconds is <= 0 or > 366 * 86400 || double.IsNaN(seconds))
            {
                throw CliException.Usage($"--decision-timeout {seconds}s must be above 0 and at most a year (e.g. 30m, 4h, 86400)");
            }

            if (onFailure != FailurePolicy.Ask)
            {
                throw CliException.Usage("--decision-timeout applies only with --on-failure ask, where a failure waits for a decision");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var gates = (parsed.GetValue(ApproveBeforeStages) ?? []).Distinct().Order().ToList();
        if (gates.FirstOrDefault(g => g > plan.Stages.Count) is var wrong and > 0)
        {
            var range = plan.Stages.Count switch
            {
                0 => "the plan has no stage",
                1 => "the plan has stage 1 only",
                var n => $"the plan has stages 1 to {n}",
            };
            throw CliException.Usage($"--approve-before-stage {wrong} is not a stage of the plan: {range} (`release start MANIFEST --plan-only` shows them)");
        }

        return settings with
        {
            Schedule = schedule,
            MaxParallel = parsed.GetValue(MaxParallel),
            OnFailure = onFailure,
            DecisionTimeout = timeout,
            ApproveBeforeStages = gates.Count > 0 ? gates : null,
        };
    }

    /// <summary>How the release will run, in one line for <c>--plan-only</c> and the start message.</summary>
    public static string Describe(ReleaseSettings settings)
    {
        var parts = new List<string>
        {
            settings.Schedule == ReleaseSchedule.Graph ? "schedule graph (a component starts once its dependsOn succeeded)" : "schedule stages (each stage waits for the one before it)",
            settings.MaxParallel is { } cap ? $"at most {cap} pipelines at once" : "no cap on pipelines at once",
            settings.OnFailure == FailurePolicy.Ask
                ? $"on failure ask (a decision is awaited for {Rendering.StatusStyle.Duration(settings.DecisionTimeout ?? ReleaseSettings.DefaultDecisionTimeout)}, then the release aborts)"
                : "on failure stop",
        };
        if (settings.ApproveBeforeStages is { Count: > 0 } gates)
        {
            parts.Add($"approval before stage {string.Join(", ", gates)}");
        }

        return string.Join("; ", parts);
    }
}
