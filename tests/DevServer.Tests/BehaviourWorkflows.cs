using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Workflows of the behaviour conformance tests (update outliving its run, metadata, root).</summary>
[Workflow]
public sealed class UpdateOutlivedWorkflow
{
    private bool _entered;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        // Completes as soon as the update is running, so the accepted update never gets to answer.
        await Workflow.WaitConditionAsync(() => _entered);
        return "done";
    }

    [WorkflowUpdate(UnfinishedPolicy = HandlerUnfinishedPolicy.Abandon)]
    public async Task<string> WaitForeverAsync()
    {
        _entered = true;
        await Workflow.WaitConditionAsync(() => false);
        return "never";
    }
}

/// <summary>Sets summaries on an activity, a timer and a child, and current details, then waits to be told to finish.</summary>
[Workflow]
public sealed class MetadataWorkflow
{
    private bool _finish;

    [WorkflowRun]
    public async Task<RootsSeen> RunAsync()
    {
        Workflow.CurrentDetails = "**stage 1** of 2";
        await Workflow.ExecuteActivityAsync(
            () => MetadataActivities.Echo("x"),
            new() { StartToCloseTimeout = TimeSpan.FromSeconds(30), Summary = "echo x" });
        await Workflow.DelayWithOptionsAsync(new(TimeSpan.FromMilliseconds(10), "short nap"));
        var childRoot = await Workflow.ExecuteChildWorkflowAsync(
            (MetadataChildWorkflow child) => child.RunAsync(),
            new() { Id = $"{Workflow.Info.WorkflowId}-child", StaticSummary = "child summary", StaticDetails = "child details" });
        await Workflow.WaitConditionAsync(() => _finish);
        return new(Workflow.Info.Root?.WorkflowId, childRoot.Child, childRoot.Grandchild);
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }
}

/// <summary>What each level of a workflow tree saw as its root (<c>Workflow.Info.Root</c>): "id/run", null for none.</summary>
public sealed record RootsSeen(string? Top, string? Child, string? Grandchild);

/// <summary>The middle of the tree: starts a grandchild and reports both roots.</summary>
[Workflow]
public sealed class MetadataChildWorkflow
{
    [WorkflowRun]
    public async Task<RootsSeen> RunAsync()
    {
        var grandchild = await Workflow.ExecuteChildWorkflowAsync(
            (MetadataLeafWorkflow leaf) => leaf.RunAsync(), new() { Id = $"{Workflow.Info.WorkflowId}-leaf" });
        return new(null, MetadataLeafWorkflow.Describe(Workflow.Info.Root), grandchild);
    }
}

[Workflow]
public sealed class MetadataLeafWorkflow
{
    [WorkflowRun]
    public Task<string?> RunAsync() => Task.FromResult(Describe(Workflow.Info.Root));

    public static string? Describe(WorkflowInfo.RootInfo? root) => root is null ? null : $"{root.WorkflowId}/{root.RunId}";
}

public static class MetadataActivities
{
    [Temporalio.Activities.Activity]
    public static string Echo(string value) => value;
}
