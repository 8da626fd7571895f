using System.Text.RegularExpressions;
using Release.Workflows.Collection;
using Release.Workflows.Release;
using Temporalio.Common;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>
/// Replays histories exported from real runs (Histories/*.json): a change to the workflows that
/// would break running releases fails here. Re-export them only on purpose, with a new shape.
/// </summary>
public sealed partial class ReplayTests
{
    public static TheoryData<string> Histories() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Histories"), "*.json").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task ReplayWorkflowAsync_ExportedHistory_IsDeterministic(string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Histories", file));
        var replayer = new WorkflowReplayer(
            new WorkflowReplayerOptions().AddWorkflow<ReleaseWorkflow>().AddWorkflow<ComponentWorkflow>().AddWorkflow<CollectProjectWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson(WorkflowIdOf(json), json), throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    /// <summary>
    /// A release's children are named after its id, so replay needs the original id: it is the
    /// prefix of the first child id in the history. Component histories replay under any id.
    /// </summary>
    private static string WorkflowIdOf(string json) =>
        ChildId().Match(json) is { Success: true } match ? match.Groups[1].Value : "component";

    [GeneratedRegex("\"workflowId\":\\s*\"([^\"]+)/[^\"/]+\"")]
    private static partial Regex ChildId();
}
