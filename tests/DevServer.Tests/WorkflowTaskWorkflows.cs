using System.Collections.Concurrent;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Adds numbers by update (negatives rejected by the validator) until told to finish.</summary>
[Workflow]
public sealed class CounterWorkflow
{
    private int _total;
    private bool _finish;

    [WorkflowRun]
    public async Task<int> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _finish);
        return _total;
    }

    [WorkflowUpdate]
    public Task<int> AddAsync(int amount)
    {
        _total += amount;
        return Task.FromResult(_total);
    }

    [WorkflowUpdateValidator(nameof(AddAsync))]
    public void ValidateAdd(int amount)
    {
        if (amount < 0)
        {
            throw new ArgumentException("amount must not be negative");
        }
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }
}

/// <summary>
/// An update handler that fails the workflow task (not the update: the exception is no Temporal
/// failure) while its workflow id is listed in <see cref="FailTaskFor"/>, as a bug fixed by a
/// redeploy would; the test "fixes the worker" by removing the id.
/// </summary>
[Workflow]
public sealed class FlakyUpdateWorkflow
{
    public static readonly ConcurrentDictionary<string, bool> FailTaskFor = new();

    private int _bumps;

    [WorkflowRun]
    public Task RunAsync() => Workflow.WaitConditionAsync(() => false);

    [WorkflowUpdate]
    public Task<int> BumpAsync()
    {
        if (FailTaskFor.ContainsKey(Workflow.Info.WorkflowId))
        {
            throw new InvalidOperationException("bug in the update handler");
        }
        return Task.FromResult(++_bumps);
    }
}

/// <summary>Collects signals until it has the expected number, then returns them joined.</summary>
[Workflow]
public sealed class SignalCollectorWorkflow
{
    private readonly List<string> _signals = [];

    [WorkflowRun]
    public async Task<string> RunAsync(int expected)
    {
        await Workflow.WaitConditionAsync(() => _signals.Count >= expected);
        return string.Join(",", _signals);
    }

    [WorkflowSignal]
    public Task AddAsync(string value)
    {
        _signals.Add(value);
        return Task.CompletedTask;
    }
}

/// <summary>Starts an activity, waits for a "go" signal, then returns what the activity returned.</summary>
[Workflow]
public sealed class ActivityAcrossResetWorkflow
{
    /// <summary>Held closed by a test until it has reset the workflow, so the activity is open at the reset point.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    private bool _go;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var runId = Workflow.ExecuteActivityAsync(() => GatedRunIdAsync(), new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
        await Workflow.WaitConditionAsync(() => _go);
        return await runId;
    }

    [WorkflowSignal]
    public Task GoAsync()
    {
        _go = true;
        return Task.CompletedTask;
    }

    /// <summary>Answers the run id of the workflow that scheduled it, once its gate opens.</summary>
    [Temporalio.Activities.Activity]
    public static async Task<string> GatedRunIdAsync()
    {
        var info = Temporalio.Activities.ActivityExecutionContext.Current.Info;
        await Gates.GetOrAdd(info.WorkflowId!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        return info.WorkflowRunId!;
    }
}
