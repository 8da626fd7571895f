namespace Release.Workflows.Manifest;

/// <summary>
/// Where the stages contradict <c>dependsOn</c>: a component whose dependency is released in the
/// same stage or a later one. Under the stage schedule it would start before that dependency was
/// released; the graph schedule has no such problem. Linear in components plus edges.
/// </summary>
public static class StageOrderConflicts
{
    public sealed record Conflict(string Component, int Stage, string Dependency, int DependencyStage)
    {
        public string Describe() => Stage == DependencyStage
            ? $"{Component} depends on {Dependency}, both in stage {Stage}: under --schedule stages they start together"
            : $"{Component} (stage {Stage}) depends on {Dependency}, which is in the later stage {DependencyStage}: under --schedule stages it starts first";
    }

    public static IReadOnlyList<Conflict> Of(ExecutionPlan plan)
    {
        var stageOf = plan.Stages
            .SelectMany(s => s.Components.Select(c => (c.Name, s.Index)))
            .ToDictionary(p => p.Name, p => p.Index, StringComparer.Ordinal);
        return plan.Stages
            .SelectMany(s => s.Components.SelectMany(c => c.Dependencies
                .Where(d => stageOf.TryGetValue(d, out var at) && at >= s.Index)
                .Select(d => new Conflict(c.Name, s.Index, d, stageOf[d]))))
            .ToList();
    }
}
