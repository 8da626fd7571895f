using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Small workflows shared by the conformance tests, one shape each.</summary>
[Workflow]
public sealed class WaitForSignalWorkflow
{
    private readonly List<string> _received = [];
    private bool _finish;

    [WorkflowRun]
    public async Task<List<string>> RunAsync(int expected)
    {
        await Workflow.WaitConditionAsync(() => _finish || (expected > 0 && _received.Count >= expected));
        return _received;
    }

    [WorkflowSignal]
    public Task AddAsync(string value)
    {
        _received.Add(value);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public int Count => _received.Count;

    [WorkflowQuery]
    public string Fail() => throw new InvalidOperationException("query refused");

    [WorkflowUpdate]
    public Task<int> AddAndCountAsync(string value)
    {
        _received.Add(value);
        return Task.FromResult(_received.Count);
    }

    [WorkflowUpdateValidator(nameof(AddAndCountAsync))]
    public void ValidateAddAndCount(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("value must not be empty");
        }
    }
}

[Workflow]
public sealed class TimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(int milliseconds)
    {
        var started = Workflow.UtcNow;
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(milliseconds));
        return $"{(Workflow.UtcNow - started).TotalMilliseconds:0}";
    }
}

[Workflow]
public sealed class CountdownWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(int remaining, string trail)
    {
        if (remaining == 0)
        {
            return trail + "done";
        }
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        throw Workflow.CreateContinueAsNewException((CountdownWorkflow wf) => wf.RunAsync(remaining - 1, trail + remaining + ","));
    }
}

[Workflow]
public sealed class FailingWorkflow
{
    [WorkflowRun]
    public Task RunAsync(string message) => throw new Temporalio.Exceptions.ApplicationFailureException(message, "Boom");
}
