namespace Release.Analytics.Stats;

/// <summary>Where a cost figure comes from.</summary>
public enum CostSource
{
    /// <summary>Minutes × the resource class's rate × parallelism.</summary>
    Estimated,

    /// <summary>The credits CircleCI's insights measured.</summary>
    Insights,
}

/// <summary>What one workflow of a project cost over a window.</summary>
/// <param name="Minutes">Job minutes, each job's duration times its parallelism.</param>
/// <param name="Credits">Insights' credits where given, else the estimate.</param>
/// <param name="EstimatedCredits">The estimate, also when insights gave the credits (to compare).</param>
/// <param name="UnpricedClasses">Resource classes without a rate, whose minutes the estimate leaves out.</param>
public sealed record WorkflowCost(
    string Project,
    string Workflow,
    int Jobs,
    double Minutes,
    double Credits,
    double EstimatedCredits,
    CostSource Source,
    IReadOnlyList<string> UnpricedClasses);

/// <summary>A project and workflow, the key of insights' credits.</summary>
public readonly record struct WorkflowKey(string Project, string Workflow);
