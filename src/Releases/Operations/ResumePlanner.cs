using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>What <c>release resume</c> was asked; <paramref name="Runs"/> are the release's closed runs, newest first.</summary>
/// <param name="Only">Trigger exactly these; every other component must be reusable.</param>
/// <param name="FromStage">Also trigger every component of this plan stage and the later ones.</param>
public sealed record ResumeRequest(
    ExecutionPlan Plan,
    IReadOnlyList<ReleaseRun> Runs,
    string By,
    string Reason,
    IReadOnlyList<string>? Only = null,
    int? FromStage = null,
    bool RerunFailed = false);

/// <summary>One planned component and what the resumed run does with it.</summary>
/// <param name="Why">In words: where a reused pipeline comes from, or why it is triggered again.</param>
/// <param name="Rerun">Set when its failed CircleCI workflow is re-run in its pipeline instead of a new trigger.</param>
public sealed record ResumeStep(string Name, string Version, int Stage, ReusedComponent? Reused, RerunInPipeline? Rerun, string Why)
{
    public bool Triggered => Reused is null;
}

public sealed record ResumePlan(ResumeFrom Resume, IReadOnlyList<ResumeStep> Steps);

/// <summary>
/// Decides, from the earlier runs' records alone, which components a resumed release reuses and
/// which it triggers again. Pure: the command reads the runs from Temporal and starts the run.
/// </summary>
public static class ResumePlanner
{
    /// <exception cref="ReleaseOperationException">A wrong <c>--only</c> or <c>--from-stage</c>, or <c>--only</c> leaving out a component nothing can reuse.</exception>
    public static ResumePlan Plan(ResumeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        var planned = plan.Stages.SelectMany(s => s.Components.Select(c => (Stage: s.Index, Component: c))).ToList();
        CheckOptions(request, planned.Select(p => p.Component.Name).ToList());
        var only = request.Only?.ToHashSet(StringComparer.Ordinal);
        var steps = new List<ResumeStep>();
        var missing = new List<string>();
        foreach (var (stage, component) in planned)
        {
            var record = ComponentHistory.Last(request.Runs, component.Name);
            var reusable = record?.Reusable is { } r && r.Version == component.Version ? r : null;
            string? forced = only is not null
                ? (only.Contains(component.Name) ? "named by --only" : null)
                : request.FromStage is { } from && stage >= from ? $"in stage {stage}, from --from-stage {from}" : null;
            if (only is not null && forced is null && reusable is null)
            {
                missing.Add($"{component.Name} ({NotReusable(record, component)})");
                continue;
            }

            if (reusable is not null && forced is null)
            {
                steps.Add(new ResumeStep(component.Name, component.Version, stage, reusable, null, Reused(reusable)));
                continue;
            }

            // A re-run repeats the old pipeline's build, so only for the same version.
            var rerun = request.RerunFailed && record?.FailedWorkflow is { } failed && record.Version == component.Version ? failed : null;
            var why = forced ?? NotReusable(record, component);
            steps.Add(new ResumeStep(component.Name, component.Version, stage, null, rerun, rerun is null ? why : $"{why}; re-running its failed workflow in pipeline #{rerun.Pipeline.Number}"));
        }

        if (missing.Count > 0)
        {
            throw ReleaseOperationException.Invalid(
                $"--only {string.Join(",", request.Only!)} leaves out {string.Join(", ", missing)}, which no earlier run released; add {(missing.Count == 1 ? "it" : "them")} to --only");
        }

        var resume = new ResumeFrom(
            request.Runs.Count > 0 ? request.Runs[0].RunId : "",
            request.By,
            request.Reason,
            steps.Where(s => s.Reused is not null).Select(s => s.Reused!).ToList(),
            request.RerunFailed ? steps.Where(s => s.Rerun is not null).Select(s => s.Rerun!).ToList() : null);
        return new ResumePlan(resume, steps);
    }

    /// <summary>A manifest given to resume must be the same release: the workflow id, and so its runs, depend on it.</summary>
    public static void CheckSameRelease(ExecutionPlan earlier, ExecutionPlan given, string path)
    {
        if (earlier.ReleaseName != given.ReleaseName || earlier.ReleaseVersion != given.ReleaseVersion)
        {
            throw ReleaseOperationException.Invalid(
                $"--manifest {path} is release {given.ReleaseName} {given.ReleaseVersion}, not {earlier.ReleaseName} {earlier.ReleaseVersion}; "
                + "resume takes a manifest of the same release and version (start a new release with `release start`)");
        }
    }

    /// <summary>
    /// The earlier run's pipeline parameters are merged into its plan (its <c>--param</c> values
    /// are not kept apart), so each component keeps them and the new manifest's own ones win.
    /// </summary>
    public static ExecutionPlan KeepParameters(ExecutionPlan earlier, ExecutionPlan given)
    {
        var before = earlier.Stages.SelectMany(s => s.Components).ToDictionary(c => c.Name, StringComparer.Ordinal);
        return given with
        {
            Stages = given.Stages.Select(stage => stage with
            {
                Components = stage.Components.Select(c => before.TryGetValue(c.Name, out var old)
                    ? c with { Parameters = old.Parameters.Concat(c.Parameters).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal) }
                    : c).ToList(),
            }).ToList(),
        };
    }

    private static void CheckOptions(ResumeRequest request, IReadOnlyList<string> names)
    {
        if (request.Only is not null && request.FromStage is not null)
        {
            throw ReleaseOperationException.Invalid("--only and --from-stage choose what to trigger in two ways; give one of them");
        }

        if (request.FromStage is { } from && (from < 1 || from > request.Plan.Stages.Count))
        {
            throw ReleaseOperationException.Invalid($"--from-stage {from} is not a stage of the plan, which has stages 1 to {request.Plan.Stages.Count}");
        }

        if (request.Only is { } only)
        {
            var unknown = only.Where(n => !names.Contains(n, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0 || only.Count == 0)
            {
                throw ReleaseOperationException.Invalid(
                    $"--only names {(unknown.Count == 0 ? "no component" : string.Join(", ", unknown))}, not a component of the plan ({string.Join(", ", names.Take(20))}{(names.Count > 20 ? ", ..." : "")})");
            }
        }
    }

    private static string Reused(ReusedComponent reused) =>
        $"succeeded in run {reused.RunId}, pipeline #{reused.Pipeline.Number} {reused.Pipeline.WebUrl}";

    private static string NotReusable(ComponentRecord? record, PlannedComponent component) => record switch
    {
        null => "never started",
        { Reusable: not null } => $"version changed from {record.Version} (released in run {record.RunId}) to {component.Version}",
        _ => $"{ComponentOutcomes.Describe(record.Outcome)} in run {record.RunId}",
    };
}
