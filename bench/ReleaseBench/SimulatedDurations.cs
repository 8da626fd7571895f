using Release.CircleCiSimulator;
using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// How long the simulator runs each component's pipeline, read from the very scenario it plays
/// (setup, then each workflow's jobs one after another), not from the durations the bench drew,
/// so that a floor or rounding in the scenario cannot slip in between the two.
/// </summary>
internal static class SimulatedDurations
{
    /// <returns>Simulated seconds by component name.</returns>
    public static IReadOnlyDictionary<string, double> Of(ExecutionPlan plan, SimulatorScenario scenario) =>
        plan.Stages.SelectMany(s => s.Components).ToDictionary(
            c => c.Name,
            c => Seconds(scenario.FindProject(c.ProjectSlug) ?? throw new ArgumentException($"the scenario has no project {c.ProjectSlug}", nameof(scenario))),
            StringComparer.Ordinal);

    /// <exception cref="ArgumentException">A job runs beside another or has a drawn duration: not the bench's shape.</exception>
    public static double Seconds(ProjectSpec project) =>
        project.SetupDelaySeconds + project.Workflows.Select(w => w.Jobs.Sum(job =>
            job.Requires is null && job.DurationRange is null && job.Type == "build"
                ? job.QueueSeconds + job.DurationSeconds
                : throw new ArgumentException($"job {job.Name}: only sequential build jobs of fixed duration are timed here", nameof(project))))
        .DefaultIfEmpty(0).Max();
}
