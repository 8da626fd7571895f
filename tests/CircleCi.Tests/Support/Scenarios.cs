using Release.CircleCiSimulator;

namespace Release.CircleCi.Tests;

/// <summary>Small builders for scenarios written in C#.</summary>
internal static class Scenarios
{
    public const string Token = "test-token-5b0f2c7e-secret";

    public static SimulatorScenario Of(params (string Slug, ProjectSpec Project)[] projects) => new()
    {
        Token = Token,
        Projects = projects.ToDictionary(p => p.Slug, p => p.Project),
    };

    public static ProjectSpec Project(params WorkflowSpec[] workflows) => new() { SetupDelaySeconds = 1, Workflows = workflows };

    public static WorkflowSpec Workflow(string name, params JobSpec[] jobs) => new() { Name = name, Jobs = jobs };

    public static JobSpec Job(string name, double seconds = 1, string status = "success") => new()
    {
        Name = name,
        DurationSeconds = seconds,
        Status = status,
    };

    public static JobSpec Independent(this JobSpec job) => job with { Requires = [] };

    public static JobSpec Approval(string name) => new() { Name = name, Type = "approval" };
}
