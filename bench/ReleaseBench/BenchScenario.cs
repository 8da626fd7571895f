using Release.CircleCiSimulator;
using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>
/// A release shape with seeded pipeline durations, and the simulator scenario that plays it.
/// Every pipeline is one workflow of two sequential jobs after a 1 s setup, lasting Duration in all.
/// </summary>
internal sealed record BenchScenario(ExecutionPlan Plan, IReadOnlyDictionary<string, double> DurationSeconds, string? FailingComponent)
{
    public const string Token = "bench-token-not-a-secret";

    /// <summary>What CircleCI does wrong, for every call (none by default).</summary>
    public FaultSpec Faults { get; init; } = new();

    /// <summary>Projects played beside the plan's, keyed by slug (a warm-up release's).</summary>
    public IReadOnlyDictionary<string, ProjectSpec> ExtraProjects { get; init; } = new Dictionary<string, ProjectSpec>();

    /// <summary>The sum over stages of the slowest pipeline: no release of this shape can be faster.</summary>
    public double CriticalPathSeconds => Plan.Stages.Sum(s => s.Components.Max(c => DurationSeconds[c.Name]));

    public static BenchScenario Draw(ExecutionPlan plan, int seed, double minSeconds, double maxSeconds, string? failingComponent = null)
    {
        var random = new Random(seed);
        var durations = plan.Stages.SelectMany(s => s.Components)
            .ToDictionary(c => c.Name, _ => Math.Round(minSeconds + (random.NextDouble() * (maxSeconds - minSeconds)), 2));
        return new BenchScenario(plan, durations, failingComponent);
    }

    public SimulatorScenario ToSimulatorScenario(int seed) => new()
    {
        Token = Token,
        Seed = seed,
        Faults = Faults,
        Projects = Plan.Stages.SelectMany(s => s.Components).ToDictionary(
            c => c.ProjectSlug,
            c => Project(DurationSeconds[c.Name], failing: c.Name == FailingComponent))
            .Concat(ExtraProjects)
            .ToDictionary(),
    };

    private static ProjectSpec Project(double duration, bool failing)
    {
        const double setup = 1;
        var work = Math.Max(duration - setup, 0.2);
        return new ProjectSpec
        {
            SetupDelaySeconds = setup,
            Workflows =
            [
                new WorkflowSpec
                {
                    Name = "build",
                    Jobs =
                    [
                        new JobSpec { Name = "compile", DurationSeconds = work * 0.3 },
                        new JobSpec { Name = "test", DurationSeconds = work * 0.7, Status = failing ? "failed" : "success" },
                    ],
                },
            ],
        };
    }
}
