using System.Text.Json;
using Release.CircleCiSimulator;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.ReleaseBench;

/// <summary>
/// A three-component release run once on a fresh stack before the measured one, with the same
/// settings: a production worker has long since loaded, compiled and connected everything a
/// release uses, and a first release on a cold worker spends a second or more on that (measured:
/// 1.0 to 1.7 s from the start call to the first trigger), which is no schedule's doing.
/// </summary>
internal static class WarmUp
{
    private static readonly PlannedComponent[] Components =
    [
        Component("warm-up-a", []),
        Component("warm-up-b", ["warm-up-a"]),
        Component("warm-up-c", ["warm-up-a"]),
    ];

    public static ExecutionPlan Plan { get; } = new(
        "warm-up", "1.0.0", [new PlannedStage(1, 1, [Components[0]]), new PlannedStage(2, 2, [.. Components.Skip(1)])], []);

    /// <summary>Pipelines of 0.3 simulated seconds: setup, then one job.</summary>
    public static IReadOnlyDictionary<string, ProjectSpec> Projects { get; } = Components.ToDictionary(
        c => c.ProjectSlug,
        _ => new ProjectSpec
        {
            SetupDelaySeconds = 0.1,
            Workflows = [new WorkflowSpec { Name = "build", Jobs = [new JobSpec { Name = "build", DurationSeconds = 0.2 }] }],
        });

    /// <summary>Runs the warm-up release to its end, then clears the simulator's pipelines and counters.</summary>
    public static async Task RunAsync(BenchStack stack, ReleaseSettings settings)
    {
        var handle = await stack.Client.StartWorkflowAsync(
            (ReleaseWorkflow wf) => wf.RunAsync(new ReleaseInput(Plan, settings)), ReleaseWorkflowOptions.For(Plan, stack.TaskQueue));
        var summary = await ReleaseRun.ResultAsync(handle);
        if (summary.Outcome != "succeeded")
        {
            throw new InvalidOperationException($"the warm-up release {summary.Outcome}: {summary.Reason}");
        }

        stack.Simulator.Reset();
    }

    private static PlannedComponent Component(string name, IReadOnlyList<string> dependsOn) =>
        new(name, "1.0.0", $"gh/bench/{name}", "main", new Dictionary<string, JsonElement>(), dependsOn.Count, dependsOn);
}
