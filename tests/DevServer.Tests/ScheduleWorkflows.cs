using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Finishes at once with a greeting: the shape of a periodic collection run.</summary>
[Workflow]
public sealed class ScheduledGreetingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(string name) => Task.FromResult($"hello {name}");
}

/// <summary>Runs until signalled (or cancelled), so that the next scheduled action overlaps it.</summary>
[Workflow]
public sealed class ScheduledBlockingWorkflow
{
    private bool _finish;

    [WorkflowRun]
    public async Task RunAsync() => await Workflow.WaitConditionAsync(() => _finish);

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }
}

/// <summary>Fails at once, for pause on failure.</summary>
[Workflow]
public sealed class ScheduledFailingWorkflow
{
    [WorkflowRun]
    public Task RunAsync() => throw new ApplicationFailureException("collection broke", nonRetryable: true);
}
