using Temporalio.Common;
using Temporalio.Workflows;

namespace DevServer.Tests;

[Workflow]
public sealed class UpsertingWorkflow
{
    private bool _finish;

    [WorkflowRun]
    public async Task RunAsync(string tag)
    {
        Workflow.UpsertTypedSearchAttributes(
            VisibilityTests.Keyword.ValueSet($"upserted-{tag}"),
            VisibilityTests.Int.ValueSet(42));
        Workflow.UpsertMemo(MemoUpdate.ValueSet("stage", "upserted"));
        await Workflow.WaitConditionAsync(() => _finish);
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }
}

[Workflow]
public sealed class UpsertingUnknownWorkflow
{
    [WorkflowRun]
    public async Task RunAsync()
    {
        Workflow.UpsertTypedSearchAttributes(SearchAttributeKey.CreateKeyword("NeverRegisteredUpsert").ValueSet("x"));
        await Workflow.WaitConditionAsync(() => false);
    }
}
